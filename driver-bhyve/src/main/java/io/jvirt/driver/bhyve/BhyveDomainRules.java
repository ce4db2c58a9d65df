package io.jvirt.driver.bhyve;

import java.util.Set;

import io.jvirt.api.domain.DomainDef;

/**
 * PLACEHOLDER (process-half branch bhyvedrv): the converter branch (bhyveconv) owns this file; at
 * merge its version replaces this one. Here: no rules.
 */
final class BhyveDomainRules {

    private BhyveDomainRules() {
    }

    static void prepare(DomainDef def, Set<BhyveCapability> caps) {
        // the converter's post-parse and slot assignment
    }
}
