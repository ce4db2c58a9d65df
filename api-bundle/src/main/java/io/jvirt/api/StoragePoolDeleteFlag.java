package io.jvirt.api;

/** Flags of {@link StoragePool#delete} ({@code virStoragePoolDeleteFlags}): ZEROED clears the pool's data before removing it (no libvirt backend implements it). @since 0.6.0 */
public enum StoragePoolDeleteFlag implements Flag {
    ZEROED(1);

    private final int bit;

    StoragePoolDeleteFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
