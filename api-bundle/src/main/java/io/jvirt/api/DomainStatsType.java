package io.jvirt.api;

/**
 * The groups of statistics {@link Connection#allDomainStats} can report
 * ({@code virDomainStatsTypes}); a driver reports the groups it knows and ignores the others unless
 * {@link DomainStatsFlag#ENFORCE_STATS} is given.
 *
 * @since 0.12.0
 */
public enum DomainStatsType implements Flag {
    STATE(1),
    CPU_TOTAL(2),
    BALLOON(4),
    VCPU(8),
    INTERFACE(16),
    BLOCK(32),
    PERF(64),
    IOTHREAD(128),
    MEMORY(256),
    DIRTYRATE(512),
    VM(1024);

    private final int bit;

    DomainStatsType(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
