package io.jvirt.api;

/** Filters of {@link Connection#listAllNetworks} ({@code virConnectListAllNetworksFlags}). Groups (active/inactive, persistent/transient, autostart/no autostart) combine with AND; flags in one group with OR; no flag of a group: that group does not filter. @since 0.5.0 */
public enum NetworkListFilter implements Flag {
    INACTIVE(1),
    ACTIVE(2),
    PERSISTENT(4),
    TRANSIENT(8),
    AUTOSTART(16),
    NO_AUTOSTART(32);

    private final int bit;

    NetworkListFilter(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
