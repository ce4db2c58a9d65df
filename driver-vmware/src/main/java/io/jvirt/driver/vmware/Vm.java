package io.jvirt.driver.vmware;

import java.nio.file.Path;
import java.util.UUID;

import io.jvirt.api.DomainState;
import io.jvirt.core.spi.DomainRef;

/**
 * A VM as one reading saw it: its .vmx, whether jvirt has it defined (persistent) or only
 * {@code vmrun list} names it (a VM started elsewhere, or undefined while it ran: transient, gone
 * when it stops), whether it runs, whether jvirt paused it (vmrun cannot tell: libvirt's
 * vmwareUpdateVMStatus keeps PAUSED while the VM is listed), and its id (the VM process's pid).
 */
record Vm(Path vmx, String name, UUID uuid, boolean persistent, boolean running, boolean paused, int id) {

    DomainState state() {
        if (!running) {
            return DomainState.SHUTOFF;
        }
        return paused ? DomainState.PAUSED : DomainState.RUNNING;
    }

    DomainRef ref() {
        return new DomainRef(name, uuid, running ? id : -1);
    }
}
