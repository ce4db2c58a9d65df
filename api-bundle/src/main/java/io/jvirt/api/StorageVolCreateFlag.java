package io.jvirt.api;

/** Flags of {@link StoragePool#createVolumeXml} and {@link StoragePool#createVolumeXmlFrom} ({@code virStorageVolCreateFlags}). @since 0.6.0 */
public enum StorageVolCreateFlag implements Flag {
    PREALLOC_METADATA(1),
    REFLINK(2),
    VALIDATE(4);

    private final int bit;

    StorageVolCreateFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
