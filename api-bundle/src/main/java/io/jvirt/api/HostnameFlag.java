package io.jvirt.api;

/**
 * Where {@link Domain#hostname} looks ({@code virDomainGetHostnameFlags}); none lets the driver
 * choose. virsh's {@code domhostname --source lease|agent}.
 *
 * @since 0.2.0
 */
public enum HostnameFlag implements Flag {
    /** The DHCP lease the guest got from a libvirt network. */
    LEASE(1),
    /** The guest agent. */
    AGENT(2);

    private final int bit;

    HostnameFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
