package io.jvirt.core.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * What the core knows of a network between calls (libvirt's {@code virNetworkPtr} fields):
 * drivers return it from lookups and receive it back in every network call, and should find the
 * network by UUID, the identity that never changes.
 *
 * @param name the name at lookup time
 * @param uuid the UUID
 * @since 1.1.0
 */
public record NetworkRef(String name, UUID uuid) implements ObjectRef {

    public NetworkRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }
}
