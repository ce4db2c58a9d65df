package io.jvirt.api;

/**
 * Flags of {@link DomainSnapshot#xmlDesc} ({@code virDomainSnapshotXMLFlags}).
 *
 * @since 0.12.0
 */
public enum SnapshotXmlFlag implements Flag {
    SECURE(1);

    private final int bit;

    SnapshotXmlFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
