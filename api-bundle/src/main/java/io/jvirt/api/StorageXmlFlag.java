package io.jvirt.api;

/** Flags of {@link StoragePool#xmlDesc} ({@code virStorageXMLFlags}): INACTIVE gives the persistent definition of a running pool rather than its live one. @since 0.6.0 */
public enum StorageXmlFlag implements Flag {
    INACTIVE(1);

    private final int bit;

    StorageXmlFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
