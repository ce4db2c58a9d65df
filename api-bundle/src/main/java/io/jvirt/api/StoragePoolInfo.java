package io.jvirt.api;

import java.util.Objects;

/**
 * What {@code virStoragePoolGetInfo} reports of a pool: its state and sizes in bytes. An inactive
 * pool reports 0 for the sizes (libvirt does, except for what its test driver keeps).
 *
 * @param state      the pool's state
 * @param capacity   the logical size of the pool's storage
 * @param allocation the bytes its volumes take
 * @param available  the bytes free for new volumes
 * @since 0.6.0
 */
public record StoragePoolInfo(StoragePoolState state, long capacity, long allocation, long available) {

    public StoragePoolInfo {
        Objects.requireNonNull(state, "state");
    }
}
