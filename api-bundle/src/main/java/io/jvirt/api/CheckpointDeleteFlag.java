package io.jvirt.api;

/**
 * Flags of {@link DomainCheckpoint#delete} ({@code virDomainCheckpointDeleteFlags}).
 *
 * @since 0.7.0
 */
public enum CheckpointDeleteFlag implements Flag {
    CHILDREN(1),
    METADATA_ONLY(2),
    CHILDREN_ONLY(4);

    private final int bit;

    CheckpointDeleteFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
