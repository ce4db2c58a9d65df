package io.jvirt.api;

/**
 * Flags of {@link Connector#openAuth} ({@code virConnectFlags}).
 *
 * @since 0.2.0
 */
public enum ConnectFlag implements Flag {
    /** A read-only connection, as {@link Connector#openReadOnly}. */
    READONLY(1),
    /** Take the URI as given, not as a {@code uri.aliases} name. */
    NO_ALIASES(2);

    private final int bit;

    ConnectFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
