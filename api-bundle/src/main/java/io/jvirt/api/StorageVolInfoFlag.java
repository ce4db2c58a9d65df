package io.jvirt.api;

/** Flags of {@link StorageVol#info(StorageVolInfoFlag...)} ({@code virStorageVolInfoFlags}): GET_PHYSICAL reports the physical size (the host file's size) in the allocation field instead of the allocation (libvirt's USE_ALLOCATION is 0, no flag). @since 0.6.0 */
public enum StorageVolInfoFlag implements Flag {
    GET_PHYSICAL(1);

    private final int bit;

    StorageVolInfoFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
