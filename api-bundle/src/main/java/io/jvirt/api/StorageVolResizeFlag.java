package io.jvirt.api;

/** Flags of {@link StorageVol#resize} ({@code virStorageVolResizeFlags}): ALLOCATE allocates the new space (no sparse growth), DELTA makes the capacity relative to the current one, SHRINK allows (and with DELTA asks for) a smaller capacity. @since 0.6.0 */
public enum StorageVolResizeFlag implements Flag {
    ALLOCATE(1),
    DELTA(2),
    SHRINK(4);

    private final int bit;

    StorageVolResizeFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
