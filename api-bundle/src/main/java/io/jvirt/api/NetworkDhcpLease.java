package io.jvirt.api;

import java.util.Objects;

/**
 * One DHCP lease of a network ({@code virNetworkDHCPLease}).
 *
 * @param iface      the network's interface (its bridge)
 * @param expiryTime when the lease expires, in seconds since the epoch (0: never)
 * @param type       the address family
 * @param mac        the client's MAC address, null when unknown (an IPv6 lease may have none)
 * @param iaid       the IPv6 identity association id, null for IPv4
 * @param ipAddress  the leased address in its canonical text
 * @param prefix     the prefix length of the network the address belongs to
 * @param hostname   the client's host name, null when it sent none
 * @param clientId   the client id (IPv4) or DUID (IPv6), null when none
 * @since 0.5.0
 */
public record NetworkDhcpLease(String iface, long expiryTime, AddressType type, String mac, String iaid,
                               String ipAddress, int prefix, String hostname, String clientId) {

    /** {@code virIPAddrType}. */
    public enum AddressType {
        IPV4,
        IPV6;

        public int number() {
            return ordinal();
        }
    }

    public NetworkDhcpLease {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ipAddress, "ipAddress");
        if (prefix < 0 || prefix > (type == AddressType.IPV4 ? 32 : 128)) {
            throw new IllegalArgumentException("prefix " + prefix + " out of range for " + type);
        }
    }
}
