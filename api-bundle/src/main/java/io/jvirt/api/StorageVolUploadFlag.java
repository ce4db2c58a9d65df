package io.jvirt.api;

/** Flags of {@link StorageVol#upload} ({@code virStorageVolUploadFlags}): SPARSE_STREAM: the stream may carry holes (the returned stream may implement {@link SparseOutput}). @since 0.6.0 */
public enum StorageVolUploadFlag implements Flag {
    SPARSE_STREAM(1);

    private final int bit;

    StorageVolUploadFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
