package io.jvirt.api;

import java.util.Objects;

/**
 * A domain's state and the reason it is in it, as {@code virDomainGetState} reports them. The reason
 * is libvirt's number in the state's own reason enumeration ({@code virDomainRunningReason},
 * {@code virDomainShutoffReason}, ...); the constants below name the ones jvirt's drivers use.
 */
public record StateReason(DomainState state, int reason) {

    public static final int UNKNOWN = 0;
    public static final int RUNNING_BOOTED = 1;
    public static final int RUNNING_RESTORED = 3;
    public static final int RUNNING_UNPAUSED = 5;
    public static final int RUNNING_WAKEUP = 8;
    public static final int PAUSED_USER = 1;
    public static final int PAUSED_SAVE = 3;
    public static final int PAUSED_STARTING_UP = 11;
    public static final int SHUTDOWN_USER = 1;
    public static final int SHUTOFF_SHUTDOWN = 1;
    public static final int SHUTOFF_DESTROYED = 2;
    public static final int SHUTOFF_CRASHED = 3;
    public static final int SHUTOFF_SAVED = 5;
    public static final int SHUTOFF_FAILED = 6;
    public static final int SHUTOFF_DAEMON = 8;
    public static final int CRASHED_PANICKED = 1;

    private static final String[][] LABELS = {
        {"unknown"},
        {"unknown", "booted", "migrated", "restored", "from snapshot", "unpaused", "migration canceled",
            "save canceled", "event wakeup", "crashed", "post-copy", "post-copy failed"},
        {"unknown"},
        {"unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog", "from snapshot",
            "shutting down", "creating snapshot", "crashed", "starting up", "post-copy",
            "post-copy failed", "api error"},
        {"unknown", "user"},
        {"unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed", "from snapshot",
            "daemon"},
        {"unknown", "panicked"},
        {"unknown"},
    };

    public StateReason {
        Objects.requireNonNull(state, "state");
    }

    /** The words virsh prints for the reason ({@code domstate --reason}), "unknown" when out of range. */
    public String reasonLabel() {
        String[] labels = LABELS[state.ordinal()];
        return reason >= 0 && reason < labels.length ? labels[reason] : "unknown";
    }

    /** As {@code virsh domstate --reason} prints it: "shut off (destroyed)". */
    @Override
    public String toString() {
        return state.label() + " (" + reasonLabel() + ")";
    }
}
