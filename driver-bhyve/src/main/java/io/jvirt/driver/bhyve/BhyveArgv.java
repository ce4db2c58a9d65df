package io.jvirt.driver.bhyve;

import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;

/**
 * PLACEHOLDER (process-half branch bhyvedrv): the converter branch (bhyveconv) owns this file; at
 * merge its version replaces this one.
 */
final class BhyveArgv {

    static final String FORMAT = "bhyve-argv";

    private BhyveArgv() {
    }

    static String toNative(DomainDef def, Set<BhyveCapability> caps) {
        BhyveDomainRules.prepare(def, caps);
        BhyveCommands c = BhyveCommandBuilder.build(def, caps, "</path/to/devmap>");
        return String.join(" ", c.loader()) + "\n" + String.join(" ", c.bhyve()) + "\n";
    }

    static String fromNative(String nativeConfig, Set<BhyveCapability> caps) {
        throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.BHYVE, "placeholder: the converter reads bhyve-argv");
    }
}
