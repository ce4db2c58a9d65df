package io.jvirt.api;

import java.util.Objects;
import java.util.UUID;

/**
 * A domain lifecycle event ({@code VIR_DOMAIN_EVENT_ID_LIFECYCLE}).
 *
 * @param name   the domain's name when the event happened
 * @param uuid   the domain's UUID
 * @param id     the domain's id when the event happened, -1 if it was not running
 * @param type   what happened
 * @param detail libvirt's detail number within {@code type} (e.g. STOPPED/DESTROYED = 1); the
 *               {@code DETAIL_*} constants name the common ones
 */
public record DomainEvent(String name, UUID uuid, int id, DomainEventType type, int detail) {

    public static final int DEFINED_ADDED = 0;
    public static final int DEFINED_UPDATED = 1;
    public static final int DEFINED_RENAMED = 2;
    public static final int UNDEFINED_REMOVED = 0;
    public static final int UNDEFINED_RENAMED = 1;
    public static final int STARTED_BOOTED = 0;
    public static final int STARTED_RESTORED = 2;
    public static final int SUSPENDED_PAUSED = 0;
    public static final int RESUMED_UNPAUSED = 0;
    public static final int STOPPED_SHUTDOWN = 0;
    public static final int STOPPED_DESTROYED = 1;
    public static final int STOPPED_CRASHED = 2;
    public static final int STOPPED_SAVED = 4;
    public static final int STOPPED_FAILED = 5;
    public static final int SHUTDOWN_FINISHED = 0;
    public static final int SHUTDOWN_GUEST = 1;
    public static final int SHUTDOWN_HOST = 2;
    public static final int CRASHED_PANICKED = 0;

    public DomainEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(type, "type");
    }

    /** As {@code virsh event} prints it: "event 'lifecycle' for domain 'x': Stopped Destroyed". */
    @Override
    public String toString() {
        return "event 'lifecycle' for domain '" + name + "': " + type.label() + " " + type.detailLabel(detail);
    }
}
