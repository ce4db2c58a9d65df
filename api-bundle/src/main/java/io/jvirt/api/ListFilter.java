package io.jvirt.api;

/** Filters of {@link Connection#listAllDomains} ({@code virConnectListAllDomainsFlags}). Groups (active/inactive, persistent/transient, state, managed save, autostart, snapshot) combine with AND; flags in one group with OR. */
public enum ListFilter implements Flag {
    ACTIVE(1),
    INACTIVE(2),
    PERSISTENT(4),
    TRANSIENT(8),
    RUNNING(16),
    PAUSED(32),
    SHUTOFF(64),
    OTHER(128),
    MANAGEDSAVE(256),
    NO_MANAGEDSAVE(512),
    AUTOSTART(1024),
    NO_AUTOSTART(2048),
    HAS_SNAPSHOT(4096),
    NO_SNAPSHOT(8192);

    private final int bit;

    ListFilter(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
