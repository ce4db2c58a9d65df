package io.jvirt.api;

/**
 * Lifecycle event types ({@code virDomainEventType}; the ordinal is libvirt's number), with the
 * words {@code virsh event} prints for each type and each of its details.
 */
public enum DomainEventType {
    DEFINED("Defined", "Added", "Updated", "Renamed", "Snapshot"),
    UNDEFINED("Undefined", "Removed", "Renamed"),
    STARTED("Started", "Booted", "Migrated", "Restored", "Snapshot", "Event wakeup", "Recreated"),
    SUSPENDED("Suspended", "Paused", "Migrated", "I/O Error", "Watchdog", "Restored", "Snapshot",
        "API error", "Post-copy", "Post-copy Error"),
    RESUMED("Resumed", "Unpaused", "Migrated", "Snapshot", "Post-copy", "Post-copy Error"),
    STOPPED("Stopped", "Shutdown", "Destroyed", "Crashed", "Migrated", "Saved", "Failed", "Snapshot"),
    SHUTDOWN("Shutdown", "Finished", "Finished after guest request", "Finished after host request"),
    PMSUSPENDED("PMSuspended", "Memory", "Disk"),
    CRASHED("Crashed", "Panicked", "Crashloaded");

    private final String label;
    private final String[] detailLabels;

    DomainEventType(String label, String... detailLabels) {
        this.label = label;
        this.detailLabels = detailLabels;
    }

    public int number() {
        return ordinal();
    }

    /** As virsh prints the type ("Stopped"). */
    public String label() {
        return label;
    }

    /** As virsh prints detail number {@code detail} of this type ("Destroyed"), "unknown" if out of range. */
    public String detailLabel(int detail) {
        return detail >= 0 && detail < detailLabels.length ? detailLabels[detail] : "unknown";
    }
}
