package io.jvirt.api;

/** Flags of {@link StoragePool#build} ({@code virStoragePoolBuildFlags}). NEW is libvirt's 0 (no flag: a regular build); REPAIR and RESIZE are not implemented by libvirt's backends; NO_OVERWRITE and OVERWRITE exclude each other (for disk, fs and logical pools). @since 0.6.0 */
public enum StoragePoolBuildFlag implements Flag {
    NEW(0),
    REPAIR(1),
    RESIZE(2),
    NO_OVERWRITE(4),
    OVERWRITE(8);

    private final int bit;

    StoragePoolBuildFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
