package io.jvirt.api;

/** Flags of {@link Connection#defineStoragePoolXml} ({@code virStoragePoolDefineFlags}): VALIDATE checks the XML against libvirt's storagepool.rng schema first. @since 0.6.0 */
public enum StoragePoolDefineFlag implements Flag {
    VALIDATE(1);

    private final int bit;

    StoragePoolDefineFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
