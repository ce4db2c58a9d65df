package io.jvirt.api;

/** Flags of {@link Network#xmlDesc} ({@code virNetworkXMLFlags}). @since 0.5.0 */
public enum NetworkXmlFlag implements Flag {
    INACTIVE(1);

    private final int bit;

    NetworkXmlFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
