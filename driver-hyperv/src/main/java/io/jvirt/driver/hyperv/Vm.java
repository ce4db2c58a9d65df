package io.jvirt.driver.hyperv;

import java.util.UUID;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.DomainRef;

/**
 * One virtual machine as an {@code Msvm_ComputerSystem} tells it: UUID ({@code Name}), name
 * ({@code ElementName}), {@code EnabledState} and, when active, the worker process id (libvirt's
 * domain id; -1 otherwise).
 */
record Vm(UUID uuid, String name, long enabledState, int processId) {

    static Vm from(WmiObject o) {
        String uuidText = o.required("Name");
        UUID uuid;
        try {
            uuid = UUID.fromString(uuidText.strip());
        } catch (IllegalArgumentException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not parse UUID from string '" + uuidText + "'");
        }
        long state = o.number("EnabledState", EnabledState.UNKNOWN);
        long pid = o.number("ProcessID", -1);
        int id = EnabledState.active(state) && pid > 0 && pid <= Integer.MAX_VALUE ? (int) pid : -1;
        return new Vm(uuid, o.required("ElementName"), state, id);
    }

    DomainState state() {
        return EnabledState.domainState(enabledState);
    }

    boolean active() {
        return EnabledState.active(enabledState);
    }

    boolean inTransition() {
        return EnabledState.inTransition(enabledState);
    }

    DomainRef ref() {
        return new DomainRef(name, uuid, id());
    }

    int id() {
        return active() ? processId : -1;
    }
}
