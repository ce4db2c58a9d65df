package io.jvirt.api;

/** Flags of {@link StorageVol#download} ({@code virStorageVolDownloadFlags}): SPARSE_STREAM asks for the volume's holes: the returned stream may implement {@link SparseInput} (it still yields their zeros when read). @since 0.6.0 */
public enum StorageVolDownloadFlag implements Flag {
    SPARSE_STREAM(1);

    private final int bit;

    StorageVolDownloadFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
