package io.jvirt.api;

/** Flags of {@link Connection#defineXml} ({@code virDomainDefineFlags}). */
public enum DefineFlag implements Flag {
    VALIDATE(1);

    private final int bit;

    DefineFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
