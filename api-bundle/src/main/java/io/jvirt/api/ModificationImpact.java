package io.jvirt.api;

/** Which definition a change applies to ({@code virDomainModificationImpact}, with {@code VIR_DOMAIN_MEM_MAXIMUM} and {@code VIR_DOMAIN_VCPU_MAXIMUM}): none or CURRENT means the live definition of a running domain, else the persistent one. */
public enum ModificationImpact implements Flag {
    CURRENT(0),
    LIVE(1),
    CONFIG(2),
    MAXIMUM(4);

    private final int bit;

    ModificationImpact(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
