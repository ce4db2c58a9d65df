package io.jvirt.api;

/**
 * Flags of {@link DomainSnapshot#revert} ({@code virDomainSnapshotRevertFlags}).
 *
 * @since 0.12.0
 */
public enum SnapshotRevertFlag implements Flag {
    RUNNING(1),
    PAUSED(2),
    FORCE(4),
    RESET_NVRAM(8);

    private final int bit;

    SnapshotRevertFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
