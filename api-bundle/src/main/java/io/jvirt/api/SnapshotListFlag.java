package io.jvirt.api;

/**
 * Flags of {@link Domain#listAllSnapshots} and {@link DomainSnapshot#listAllChildren} ({@code virDomainSnapshotListFlags}): ROOTS (for a domain's list) and DESCENDANTS (for a snapshot's children) share a bit; the filters of a group (leaves, metadata, state, location) combine with OR inside the group, AND between groups.
 *
 * @since 0.12.0
 */
public enum SnapshotListFlag implements Flag {
    DESCENDANTS(1),
    ROOTS(1),
    METADATA(2),
    LEAVES(4),
    NO_LEAVES(8),
    NO_METADATA(16),
    INACTIVE(32),
    ACTIVE(64),
    DISK_ONLY(128),
    INTERNAL(256),
    EXTERNAL(512),
    TOPOLOGICAL(1024);

    private final int bit;

    SnapshotListFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
