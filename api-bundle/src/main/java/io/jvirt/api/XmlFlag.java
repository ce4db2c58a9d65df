package io.jvirt.api;

/** Flags of {@link Domain#xmlDesc} ({@code virDomainXMLFlags}). */
public enum XmlFlag implements Flag {
    SECURE(1),
    INACTIVE(2),
    UPDATE_CPU(4),
    MIGRATABLE(8);

    private final int bit;

    XmlFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
