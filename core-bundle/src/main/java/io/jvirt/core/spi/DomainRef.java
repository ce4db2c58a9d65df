package io.jvirt.core.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * What the core knows of a domain between calls (libvirt's {@code virDomainPtr} fields): drivers
 * return it from lookups and receive it back in every domain call, and should find the domain by
 * UUID, the one identity that never changes.
 *
 * @param name the name at lookup time
 * @param uuid the UUID
 * @param id   the id at lookup time, -1 when the domain was not running
 */
public record DomainRef(String name, UUID uuid, int id) implements ObjectRef {

    public DomainRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }
}
