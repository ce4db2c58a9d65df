package io.jvirt.api;

/** Flags of {@link Domain#destroy} ({@code virDomainDestroyFlags}). */
public enum DestroyFlag implements Flag {
    GRACEFUL(1);

    private final int bit;

    DestroyFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
