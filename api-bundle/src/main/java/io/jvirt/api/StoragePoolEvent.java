package io.jvirt.api;

import java.util.Objects;
import java.util.UUID;

/**
 * A storage pool event: a lifecycle event ({@code VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE}) or a
 * refresh ({@code VIR_STORAGE_POOL_EVENT_ID_REFRESH}, type {@link StoragePoolEventType#REFRESH}).
 *
 * @param name   the pool's name when the event happened
 * @param uuid   the pool's UUID
 * @param type   what happened
 * @param detail libvirt's detail number (libvirt defines none for pools: 0)
 * @since 0.6.0
 */
public record StoragePoolEvent(String name, UUID uuid, StoragePoolEventType type, int detail) {

    public StoragePoolEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(type, "type");
    }

    public StoragePoolEvent(String name, UUID uuid, StoragePoolEventType type) {
        this(name, uuid, type, 0);
    }

    /**
     * As {@code virsh pool-event} prints it: "event 'lifecycle' for storage pool default: Started",
     * "event 'refresh' for storage pool default".
     */
    @Override
    public String toString() {
        return type.isLifecycle()
            ? "event 'lifecycle' for storage pool " + name + ": " + type.label()
            : "event 'refresh' for storage pool " + name;
    }
}
