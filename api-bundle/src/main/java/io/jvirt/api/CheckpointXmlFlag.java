package io.jvirt.api;

/**
 * Flags of {@link DomainCheckpoint#xmlDesc} ({@code virDomainCheckpointXMLFlags}).
 *
 * @since 0.7.0
 */
public enum CheckpointXmlFlag implements Flag {
    SECURE(1),
    NO_DOMAIN(2),
    SIZE(4);

    private final int bit;

    CheckpointXmlFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
