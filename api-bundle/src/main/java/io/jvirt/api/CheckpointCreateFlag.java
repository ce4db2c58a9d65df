package io.jvirt.api;

/**
 * Flags of {@link Domain#checkpointCreateXml} ({@code virDomainCheckpointCreateFlags}).
 *
 * @since 0.7.0
 */
public enum CheckpointCreateFlag implements Flag {
    REDEFINE(1),
    QUIESCE(2),
    REDEFINE_VALIDATE(4);

    private final int bit;

    CheckpointCreateFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
