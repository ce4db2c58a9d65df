package io.jvirt.api;

import java.util.Objects;
import java.util.UUID;

/**
 * A network lifecycle event ({@code VIR_NETWORK_EVENT_ID_LIFECYCLE}).
 *
 * @param name   the network's name when the event happened
 * @param uuid   the network's UUID
 * @param type   what happened
 * @param detail libvirt's detail number (libvirt defines none for networks: 0)
 * @since 0.5.0
 */
public record NetworkEvent(String name, UUID uuid, NetworkEventType type, int detail) {

    public NetworkEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(type, "type");
    }

    public NetworkEvent(String name, UUID uuid, NetworkEventType type) {
        this(name, uuid, type, 0);
    }

    /** As {@code virsh net-event} prints it: "event 'lifecycle' for network default: Started". */
    @Override
    public String toString() {
        return "event 'lifecycle' for network " + name + ": " + type.label();
    }
}
