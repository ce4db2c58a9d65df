package io.jvirt.api;

/** Flags of {@link StorageVol#delete} ({@code virStorageVolDeleteFlags}). @since 0.6.0 */
public enum StorageVolDeleteFlag implements Flag {
    ZEROED(1),
    WITH_SNAPSHOTS(2);

    private final int bit;

    StorageVolDeleteFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
