package io.jvirt.api;

/** How {@link Domain#shutdown} and {@link Domain#reboot} ask the guest ({@code virDomainShutdownFlagValues}); none means the driver's choice. */
public enum ShutdownFlag implements Flag {
    ACPI_POWER_BTN(1),
    GUEST_AGENT(2),
    INITCTL(4),
    SIGNAL(8),
    PARAVIRT(16);

    private final int bit;

    ShutdownFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
