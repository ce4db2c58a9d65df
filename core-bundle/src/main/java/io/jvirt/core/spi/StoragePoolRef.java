package io.jvirt.core.spi;

import java.util.Objects;
import java.util.UUID;

/**
 * What the core knows of a storage pool between calls (libvirt's {@code virStoragePoolPtr}
 * fields): drivers return it from lookups and receive it back in every pool call, and should find
 * the pool by UUID, the identity that never changes.
 *
 * @param name the name at lookup time
 * @param uuid the UUID
 * @since 1.2.0
 */
public record StoragePoolRef(String name, UUID uuid) implements ObjectRef {

    public StoragePoolRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
    }
}
