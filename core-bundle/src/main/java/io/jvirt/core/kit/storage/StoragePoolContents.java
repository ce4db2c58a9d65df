package io.jvirt.core.kit.storage;

import java.util.List;

import io.jvirt.api.storage.StorageVolDef;

/**
 * What a pool's refresh found on the host: its sizes in bytes and its volumes, in the order the
 * pool lists them.
 *
 * @since 1.0.0
 */
public record StoragePoolContents(long capacity, long allocation, long available, List<StorageVolDef> volumes) {

    public StoragePoolContents {
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
    }
}
