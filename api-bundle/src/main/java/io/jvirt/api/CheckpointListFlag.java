package io.jvirt.api;

/**
 * Flags of {@link Domain#listAllCheckpoints} and {@link DomainCheckpoint#listAllChildren} ({@code virDomainCheckpointListFlags}): ROOTS (for a domain's list) and DESCENDANTS (for a checkpoint's children) share a bit.
 *
 * @since 0.7.0
 */
public enum CheckpointListFlag implements Flag {
    ROOTS(1),
    DESCENDANTS(1),
    TOPOLOGICAL(2),
    LEAVES(4),
    NO_LEAVES(8);

    private final int bit;

    CheckpointListFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
