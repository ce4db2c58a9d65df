package io.jvirt.api;

import java.util.Objects;

/**
 * What {@code virStorageVolGetInfo} reports of a volume: its type and sizes in bytes.
 *
 * @param type       the volume's type
 * @param capacity   the logical size the guest sees
 * @param allocation the bytes the volume takes on the host (with
 *                   {@link StorageVolInfoFlag#GET_PHYSICAL}: its physical size)
 * @since 0.6.0
 */
public record StorageVolInfo(StorageVolType type, long capacity, long allocation) {

    public StorageVolInfo {
        Objects.requireNonNull(type, "type");
    }
}
