package io.jvirt.core.spi;

import java.util.Objects;

/**
 * What the core knows of a storage volume between calls (libvirt's {@code virStorageVolPtr}
 * fields): drivers return it from lookups and receive it back in every volume call. A driver finds
 * the volume by pool and name (or by key), as libvirt's storage driver does.
 *
 * @param pool the name of the pool the volume is in
 * @param name the volume's name
 * @param key  the volume's key (unique on the host)
 * @since 1.2.0
 */
public record StorageVolRef(String pool, String name, String key) {

    public StorageVolRef {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
    }
}
