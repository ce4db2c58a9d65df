package io.jvirt.driver.vz;

import java.util.Locale;

import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;

/**
 * Virtuozzo's VIRTUAL_MACHINE_STATE as prlctl names it in its listing's "State", with libvirt's
 * mapping (vz_sdk.c prlsdkConvertDomainState): stopped and mounted are shut off, suspended (and
 * deleting its state, suspending to it) shut off with a saved state, starting, compacting,
 * resetting, pausing, reconnecting, restoring, continuing and resuming running, stopping shutdown,
 * snapshotting, migrating and suspending paused, anything else no state. An environment has an id
 * (its EnvID) in every state but stopped, mounted and suspended. Only running, paused, stopped,
 * mounted and suspended make events (prlsdkNewStateToEvent skips the others).
 */
enum VzState {
    STOPPED("stopped", DomainState.SHUTOFF, false, true, StateReason.SHUTOFF_SHUTDOWN),
    MOUNTED("mounted", DomainState.SHUTOFF, false, true, StateReason.SHUTOFF_SHUTDOWN),
    SUSPENDED("suspended", DomainState.SHUTOFF, false, true, StateReason.SHUTOFF_SAVED),
    DELETING_STATE("deleting_state", DomainState.SHUTOFF, false, false, StateReason.SHUTOFF_SAVED),
    SUSPENDING_SYNC("suspending_sync", DomainState.SHUTOFF, false, false, StateReason.SHUTOFF_SAVED),
    RUNNING("running", DomainState.RUNNING, true, true, StateReason.RUNNING_BOOTED),
    STARTING("starting", DomainState.RUNNING, true, false, StateReason.RUNNING_BOOTED),
    COMPACTING("compacting", DomainState.RUNNING, true, false, StateReason.RUNNING_BOOTED),
    RESETTING("resetting", DomainState.RUNNING, true, false, StateReason.RUNNING_BOOTED),
    PAUSING("pausing", DomainState.RUNNING, true, false, StateReason.RUNNING_BOOTED),
    RECONNECTING("reconnecting", DomainState.RUNNING, true, false, StateReason.RUNNING_BOOTED),
    RESTORING("restoring", DomainState.RUNNING, true, false, StateReason.RUNNING_RESTORED),
    CONTINUING("continuing", DomainState.RUNNING, true, false, StateReason.RUNNING_UNPAUSED),
    RESUMING("resuming", DomainState.RUNNING, true, false, StateReason.RUNNING_RESTORED),
    PAUSED("paused", DomainState.PAUSED, true, true, StateReason.PAUSED_USER),
    STOPPING("stopping", DomainState.SHUTDOWN, true, false, StateReason.SHUTDOWN_USER),
    SNAPSHOTTING("snapshoting", DomainState.PAUSED, true, false, 9 /* VIR_DOMAIN_PAUSED_SNAPSHOT */),
    MIGRATING("migrating", DomainState.PAUSED, true, false, 2 /* VIR_DOMAIN_PAUSED_MIGRATION */),
    SUSPENDING("suspending", DomainState.PAUSED, true, false, StateReason.PAUSED_SAVE),
    /** "unknown", or a word this driver does not know (a newer Virtuozzo's). */
    UNKNOWN("unknown", DomainState.NOSTATE, false, false, StateReason.UNKNOWN);

    private final String word;
    private final DomainState libvirt;
    private final boolean active;
    private final boolean settled;
    private final int reason;

    VzState(String word, DomainState libvirt, boolean active, boolean settled, int reason) {
        this.reason = reason;
        this.word = word;
        this.libvirt = libvirt;
        this.active = active;
        this.settled = settled;
    }

    static VzState of(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        if (w.equals("snapshotting")) {
            return SNAPSHOTTING; // Virtuozzo spells VMS_SNAPSHOTING with one t
        }
        for (VzState s : values()) {
            if (s.word.equals(w)) {
                return s;
            }
        }
        return UNKNOWN;
    }

    DomainState libvirt() {
        return libvirt;
    }

    /** The state with libvirt's reason (prlsdkConvertDomainState's second argument). */
    StateReason reason() {
        return new StateReason(libvirt, reason);
    }

    /** libvirt's virDomainObjIsActive after prlsdkConvertDomainState: the environment has an id. */
    boolean active() {
        return active;
    }

    /** One of the states libvirt makes an event of; the others are transitions. */
    boolean settled() {
        return settled;
    }

    String word() {
        return word;
    }
}
