package io.jvirt.driver.test;

import java.util.Iterator;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.XmlElement;

/**
 * libvirt's test-driver metadata namespace ({@code xmlns:test='http://libvirt.org/schemas/domain/test/1.0'}):
 * {@code <test:runstate>} (the state a node-file domain starts in, a {@code virDomainState} number),
 * {@code <test:transient/>} and {@code <test:hasmanagedsave/>}. libvirt parses these and never writes
 * them back, so {@link #extract} takes them out of the definition.
 *
 * @param runstate       the state to load the domain in (RUNNING when absent)
 * @param transientDom   whether the domain has no persistent definition
 * @param hasManagedSave whether the domain has a managed save image
 */
record TestNamespace(DomainState runstate, boolean transientDom, boolean hasManagedSave) {

    static final String URI = "http://libvirt.org/schemas/domain/test/1.0";

    /** Reads and removes the namespace's elements, with libvirt's checks and words. */
    static TestNamespace extract(DomainDef def) {
        DomainState runstate = DomainState.RUNNING;
        boolean transientDom = false;
        boolean managedSave = false;
        boolean found = false;
        for (Iterator<XmlElement> it = def.kept().iterator(); it.hasNext();) {
            XmlElement e = it.next();
            if (!URI.equals(e.namespaceUri())) {
                continue;
            }
            found = true;
            it.remove();
            switch (e.localName()) {
                case "runstate" -> runstate = runstate(e.text());
                case "transient" -> transientDom = true;
                case "hasmanagedsave" -> managedSave = true;
                default -> {
                    // test:domainsnapshot and others: jvirt keeps no snapshots yet
                }
            }
        }
        if (found) {
            def.rootNamespaces().values().removeIf(URI::equals);
        }
        if (transientDom && runstate == DomainState.SHUTOFF) {
            throw xmlError("transient domain cannot have runstate 'shutoff'");
        }
        if (managedSave && runstate != DomainState.SHUTOFF) {
            throw xmlError("domain with managedsave data can only have runstate 'shutoff'");
        }
        return new TestNamespace(runstate, transientDom, managedSave);
    }

    private static DomainState runstate(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return DomainState.RUNNING; // libvirt: an empty value counts as absent
        }
        long n;
        try {
            n = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw xmlError("invalid runstate");
        }
        if (n < 0) {
            throw xmlError("invalid runstate");
        }
        if (n >= DomainState.values().length) {
            throw xmlError("runstate '" + n + "' out of range'");
        }
        return DomainState.fromNumber((int) n);
    }

    private static VirtException xmlError(String msg) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.TEST, msg);
    }
}
