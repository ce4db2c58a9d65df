package io.jvirt.api;

/** Flags of {@link Domain#create} and {@link Connection#createXml} ({@code virDomainCreateFlags}). */
public enum CreateFlag implements Flag {
    PAUSED(1),
    AUTODESTROY(2),
    BYPASS_CACHE(4),
    FORCE_BOOT(8),
    VALIDATE(16);

    private final int bit;

    CreateFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
