package io.jvirt.api;

/** Flags of {@link Connection#createNetworkXml} ({@code virNetworkCreateFlags}). @since 0.5.0 */
public enum NetworkCreateFlag implements Flag {
    VALIDATE(1);

    private final int bit;

    NetworkCreateFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
