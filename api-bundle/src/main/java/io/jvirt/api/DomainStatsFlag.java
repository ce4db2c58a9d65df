package io.jvirt.api;

/**
 * Flags of {@link Connection#allDomainStats} and {@link Connection#domainListStats}
 * ({@code virConnectGetAllDomainStatsFlags}): the domain list filters (groups combine with AND,
 * flags of one group with OR, as {@link ListFilter}'s), NOWAIT, BACKING and ENFORCE_STATS.
 *
 * @since 0.12.0
 */
public enum DomainStatsFlag implements Flag {
    ACTIVE(1),
    INACTIVE(2),
    PERSISTENT(4),
    TRANSIENT(8),
    RUNNING(16),
    PAUSED(32),
    SHUTOFF(64),
    OTHER(128),
    /** Report only what needs no wait for a job of the domain. */
    NOWAIT(1 << 29),
    /** Block statistics of backing chains too. */
    BACKING(1 << 30),
    /** Fail with ARGUMENT_UNSUPPORTED when a requested group is unknown to the driver. */
    ENFORCE_STATS(1 << 31);

    private final int bit;

    DomainStatsFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
