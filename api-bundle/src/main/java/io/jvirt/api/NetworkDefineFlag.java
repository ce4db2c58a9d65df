package io.jvirt.api;

/** Flags of {@link Connection#defineNetworkXml} ({@code virNetworkDefineFlags}). @since 0.5.0 */
public enum NetworkDefineFlag implements Flag {
    VALIDATE(1);

    private final int bit;

    NetworkDefineFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
