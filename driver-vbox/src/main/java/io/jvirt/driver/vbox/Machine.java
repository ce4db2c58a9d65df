package io.jvirt.driver.vbox;

import java.util.UUID;

import io.jvirt.core.spi.DomainRef;

/**
 * A registered machine as one reading saw it: its place in VirtualBox's machine list (libvirt's id
 * is that index + 1, only while the machine is online) and, when the reading asked
 * {@code showvminfo}, its settings; a listing alone knows only whether {@code list runningvms}
 * named it.
 */
record Machine(String name, UUID uuid, int index, boolean online, MachineInfo info) {

    /** libvirt's id: index + 1 while online, -1 otherwise. */
    int id() {
        return online ? index + 1 : -1;
    }

    DomainRef ref() {
        return new DomainRef(name, uuid, id());
    }

    /** The state; UNKNOWN-free only for a machine read with showvminfo. */
    VmState state() {
        if (info != null) {
            return info.state();
        }
        return online ? VmState.RUNNING : VmState.POWEROFF;
    }
}
