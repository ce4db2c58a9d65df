package io.jvirt.driver.hyperv;

import io.jvirt.api.DomainState;

/**
 * {@code Msvm_ComputerSystem.EnabledState} in both encodings a host may use: the vendor values
 * libvirt's code knows (32768 paused, 32769 saved, 327xx transitions) and the CIM values a v2
 * host reports for the states the driver requests (9 Quiesce = paused, 6 Offline = saved, 4
 * shutting down, 10 starting). libvirt's mapping ({@code hypervMsvmComputerSystemEnabledStateToDomainState},
 * {@code hypervIsMsvmComputerSystemActive}) extended by the CIM values, so a paused or saved VM of
 * a v2 host is neither "no state" nor counted as running.
 */
final class EnabledState {

    static final int UNKNOWN = 0;
    static final int ENABLED = 2;
    static final int DISABLED = 3;
    static final int SHUTTING_DOWN = 4;
    static final int OFFLINE = 6;
    static final int QUIESCE = 9;
    static final int STARTING = 10;
    static final int PAUSED = 32768;
    static final int SUSPENDED = 32769;
    static final int V1_STARTING = 32770;
    static final int SNAPSHOTTING = 32771;
    static final int SAVING = 32773;
    static final int STOPPING = 32774;
    static final int PAUSING = 32776;
    static final int RESUMING = 32777;

    /** RequestStateChange's RequestedState values the driver sends (CIM). */
    static final int REQUEST_ENABLED = 2;
    static final int REQUEST_DISABLED = 3;
    static final int REQUEST_OFFLINE = 6;
    static final int REQUEST_QUIESCE = 9;
    static final int REQUEST_REBOOT = 10;
    static final int REQUEST_RESET = 11;

    private EnabledState() {
    }

    static DomainState domainState(long s) {
        return switch ((int) s) {
            case ENABLED, STARTING, V1_STARTING, SNAPSHOTTING, SAVING, PAUSING, RESUMING -> DomainState.RUNNING;
            case DISABLED, OFFLINE, SUSPENDED -> DomainState.SHUTOFF;
            case QUIESCE, PAUSED -> DomainState.PAUSED;
            case SHUTTING_DOWN, STOPPING -> DomainState.SHUTDOWN;
            default -> DomainState.NOSTATE;
        };
    }

    /** libvirt's "active": running, paused or in a transition. */
    static boolean active(long s) {
        return switch ((int) s) {
            case ENABLED, QUIESCE, PAUSED, STARTING, V1_STARTING, SNAPSHOTTING, SAVING, SHUTTING_DOWN, STOPPING, PAUSING,
                RESUMING -> true;
            default -> false;
        };
    }

    /** A transition that blocks shutdown and destroy, as libvirt's in_transition. */
    static boolean inTransition(long s) {
        return switch ((int) s) {
            case STARTING, V1_STARTING, SNAPSHOTTING, SAVING, SHUTTING_DOWN, STOPPING, PAUSING, RESUMING -> true;
            default -> false;
        };
    }

    static boolean paused(long s) {
        return s == QUIESCE || s == PAUSED;
    }

    /** Saved by a managed save (libvirt: 32769; a v2 host: 6). */
    static boolean saved(long s) {
        return s == OFFLINE || s == SUSPENDED;
    }
}
