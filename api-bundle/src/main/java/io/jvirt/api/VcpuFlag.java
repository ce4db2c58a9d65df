package io.jvirt.api;

/**
 * Flags of {@link Domain#vcpuCount} ({@code virDomainVcpuFlags}): which definition, and whether the
 * maximum or the current count.
 *
 * @since 0.7.0
 */
public enum VcpuFlag implements Flag {
    CURRENT(0),
    LIVE(1),
    CONFIG(2),
    MAXIMUM(4),
    GUEST(8),
    HOTPLUGGABLE(16);

    private final int bit;

    VcpuFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
