package io.jvirt.driver.vbox;

import java.util.Locale;

import io.jvirt.api.DomainState;

/**
 * VirtualBox's MachineState as VBoxManage names it ({@code VMState="running"}: its
 * machineStateToName short form), with libvirt's mapping (vboxConvertState: running, paused,
 * stuck to blocked, stopping to shutdown, powered off and saved to shut off, aborted to crashed,
 * every other state no state) and libvirt's "online" (MachineState_FirstOnline..LastOnline, the
 * states in which a machine has an id).
 */
enum VmState {
    NULL("null", DomainState.NOSTATE, false),
    POWEROFF("poweroff", DomainState.SHUTOFF, false),
    SAVED("saved", DomainState.SHUTOFF, false),
    TELEPORTED("teleported", DomainState.NOSTATE, false),
    ABORTED("aborted", DomainState.CRASHED, false),
    ABORTED_SAVED("aborted-saved", DomainState.NOSTATE, false),
    RUNNING("running", DomainState.RUNNING, true),
    PAUSED("paused", DomainState.PAUSED, true),
    STUCK("gurumeditation", DomainState.BLOCKED, true),
    TELEPORTING("teleporting", DomainState.NOSTATE, true),
    LIVE_SNAPSHOTTING("livesnapshotting", DomainState.NOSTATE, true),
    STARTING("starting", DomainState.NOSTATE, true),
    STOPPING("stopping", DomainState.SHUTDOWN, true),
    SAVING("saving", DomainState.NOSTATE, true),
    RESTORING("restoring", DomainState.NOSTATE, true),
    TELEPORTING_PAUSED("teleportingpausedvm", DomainState.NOSTATE, true),
    TELEPORTING_IN("teleportingin", DomainState.NOSTATE, true),
    DELETING_SNAPSHOT_ONLINE("deletingsnapshotlive", DomainState.NOSTATE, true),
    DELETING_SNAPSHOT_PAUSED("deletingsnapshotlivepaused", DomainState.NOSTATE, true),
    ONLINE_SNAPSHOTTING("onlinesnapshotting", DomainState.NOSTATE, true),
    RESTORING_SNAPSHOT("restoringsnapshot", DomainState.NOSTATE, false),
    DELETING_SNAPSHOT("deletingsnapshot", DomainState.NOSTATE, false),
    SETTING_UP("settingup", DomainState.NOSTATE, false),
    SNAPSHOTTING("snapshotting", DomainState.NOSTATE, false),
    /** A word this driver does not know (a newer VirtualBox's). */
    UNKNOWN("", DomainState.NOSTATE, false);

    private final String word;
    private final DomainState libvirt;
    private final boolean online;

    VmState(String word, DomainState libvirt, boolean online) {
        this.word = word;
        this.libvirt = libvirt;
        this.online = online;
    }

    static VmState of(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        for (VmState s : values()) {
            if (s != UNKNOWN && s.word.equals(w)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    DomainState libvirt() {
        return libvirt;
    }

    /** libvirt's MachineState_FirstOnline..LastOnline: the machine has a VM process and an id. */
    boolean online() {
        return online;
    }

    /** A state VirtualBox passes through on its way to another (events wait for the next one). */
    boolean transition() {
        return libvirt == DomainState.NOSTATE;
    }

    String word() {
        return word;
    }
}
