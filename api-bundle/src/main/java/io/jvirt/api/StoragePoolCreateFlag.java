package io.jvirt.api;

/** Flags of {@link StoragePool#create} and {@link Connection#createStoragePoolXml} ({@code virStoragePoolCreateFlags}): build the pool before starting it; the two BUILD variants exclude each other. @since 0.6.0 */
public enum StoragePoolCreateFlag implements Flag {
    WITH_BUILD(1),
    WITH_BUILD_OVERWRITE(2),
    WITH_BUILD_NO_OVERWRITE(4);

    private final int bit;

    StoragePoolCreateFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
