package io.jvirt.api.network;

import java.util.List;
import java.util.UUID;

import io.jvirt.api.domain.XmlElement;

/**
 * A virtual network as libvirt's virNetworkDef holds it. Addresses are canonical text (as libvirt
 * writes them), absent parts are null (or empty lists). Built by {@link NetworkXml#parse}; the
 * records are immutable apart from the kept {@link XmlElement}s.
 *
 * @param name                the network's name (never null, no '/')
 * @param uuid                its UUID (generated when the XML had none)
 * @param title               the one-line {@code <title>} (libvirt 9.7+), or null
 * @param description         the {@code <description>} (libvirt 9.7+), or null
 * @param ipv6                {@code ipv6='yes'}: guest-to-guest IPv6 without a gateway address
 * @param trustGuestRxFilters the tristate {@code trustGuestRxFilters} (null when absent)
 * @param metadata            the {@code <metadata>} element as parsed, or null
 * @param forward             the forward mode and its details; null for an isolated network
 * @param bridge              the bridge settings (never null; its fields may be)
 * @param mtu                 the MTU, 0 when not set
 * @param mac                 the bridge's MAC address (canonical lower case), or null
 * @param domain              the DNS domain, or null
 * @param dns                 the DNS settings (never null; may be empty)
 * @param vlan                the VLAN tags, or null
 * @param bandwidth           the network's QoS, or null
 * @param portIsolated        {@code <port isolated=.../>}, null when absent
 * @param ips                 the addresses in document order
 * @param routes              the static routes in document order
 * @param virtualport         the {@code <virtualport>}, or null
 * @param portGroups          the port groups in document order
 * @param dnsmasqOptions      values of {@code <dnsmasq:options><dnsmasq:option value=.../>}
 */
public record NetworkDef(String name, UUID uuid, String title, String description, boolean ipv6, Boolean trustGuestRxFilters, XmlElement metadata,
        Forward forward, Bridge bridge, long mtu, String mac, Domain domain, Dns dns, Vlan vlan,
        Bandwidth bandwidth, Boolean portIsolated, List<Ip> ips, List<Route> routes, VirtualPort virtualport,
        List<PortGroup> portGroups, List<String> dnsmasqOptions) {

    /** The XML namespace of dnsmasq's options (libvirt's networkDnsmasqXMLNamespace). */
    public static final String DNSMASQ_NAMESPACE = "http://libvirt.org/schemas/network/dnsmasq/1.0";

    public NetworkDef {
        ips = List.copyOf(ips);
        routes = List.copyOf(routes);
        portGroups = List.copyOf(portGroups);
        dnsmasqOptions = List.copyOf(dnsmasqOptions);
    }

    /** The forward mode; {@link ForwardMode#NONE} for an isolated network. */
    public ForwardMode forwardMode() {
        return forward == null ? ForwardMode.NONE : forward.mode();
    }

    /** libvirt's forward modes (virNetworkForwardType), named as in the XML. */
    public enum ForwardMode {
        NONE("none"), NAT("nat"), ROUTE("route"), OPEN("open"), BRIDGE("bridge"), PRIVATE("private"),
        VEPA("vepa"), PASSTHROUGH("passthrough"), HOSTDEV("hostdev");

        private final String xml;

        ForwardMode(String xml) {
            this.xml = xml;
        }

        public String xml() {
            return xml;
        }

        /** The mode named {@code s} in the XML, or null. */
        public static ForwardMode fromXml(String s) {
            for (ForwardMode m : values()) {
                if (m.xml.equals(s)) {
                    return m;
                }
            }
            return null;
        }

        /** Modes whose network is a libvirt-managed bridge with an address (hasbridge in libvirt). */
        public boolean hasBridge() {
            return this == NONE || this == NAT || this == ROUTE || this == OPEN;
        }
    }

    /**
     * {@code <forward>}.
     *
     * @param mode       never NONE here
     * @param managed    {@code managed='yes'} (hostdev mode)
     * @param driverName {@code <driver name=.../>} ("kvm", "vfio", "xen"), or null
     * @param driverModel {@code <driver model=.../>} (a VFIO variant driver, libvirt 10), or null
     * @param natIpv6    {@code <nat ipv6=.../>}, null when absent
     * @param natStart   the SNAT range start (IPv4), or null
     * @param natEnd     the SNAT range end, or null
     * @param portStart  the SNAT port range start, 0 when none
     * @param portEnd    the SNAT port range end, 0 when none
     * @param pf         the {@code <pf dev=.../>} of an SR-IOV pool, or null
     * @param interfaces the device pool ({@code dev=} first, then {@code <interface>} or PCI {@code <address>})
     */
    public record Forward(ForwardMode mode, boolean managed, String driverName, String driverModel, Boolean natIpv6, String natStart,
            String natEnd, long portStart, long portEnd, String pf, List<ForwardInterface> interfaces) {
        public Forward {
            interfaces = List.copyOf(interfaces);
        }

        /** The first pooled device name (libvirt's virNetworkDefForwardIf(def, 0)), or null. */
        public String dev() {
            return interfaces.isEmpty() ? null : interfaces.get(0).dev();
        }
    }

    /** One device of a forward pool: a netdev name, or a PCI address (the other null). */
    public record ForwardInterface(String dev, PciAddress pci) {
    }

    /** A PCI address as libvirt writes it in {@code <address type='pci' .../>}. */
    public record PciAddress(long domain, long bus, long slot, long function) {
    }

    /**
     * {@code <bridge>}: name, firewalld zone, STP (on unless {@code stp='off'}), forward delay and
     * macTableManager ("kernel"/"libvirt", null when absent).
     */
    public record Bridge(String name, String zone, boolean stp, long delay, String macTableManager) {
    }

    /**
     * {@code <domain name=... localOnly=... register=...>}: the tristates localOnly and register
     * (libvirt 10.1: register the network's DNS server and domain with systemd-resolved) are null
     * when absent.
     */
    public record Domain(String name, Boolean localOnly, Boolean register) {

        /** A domain without {@code register}. */
        public Domain(String name, Boolean localOnly) {
            this(name, localOnly, null);
        }
    }

    /** {@code <dns>}: the tristates enable/forwardPlainNames (null when absent) and the records. */
    public record Dns(Boolean enable, Boolean forwardPlainNames, List<DnsForwarder> forwarders, List<DnsTxt> txts,
            List<DnsSrv> srvs, List<DnsHost> hosts) {
        public Dns {
            forwarders = List.copyOf(forwarders);
            txts = List.copyOf(txts);
            srvs = List.copyOf(srvs);
            hosts = List.copyOf(hosts);
        }

        public boolean isEmpty() {
            return enable == null && forwardPlainNames == null && forwarders.isEmpty() && txts.isEmpty()
                && srvs.isEmpty() && hosts.isEmpty();
        }
    }

    /** {@code <forwarder domain=... addr=.../>}: either may be null, not both. */
    public record DnsForwarder(String domain, String addr) {
    }

    /** {@code <txt name=... value=.../>}. */
    public record DnsTxt(String name, String value) {
    }

    /** {@code <srv>}; port, priority and weight are 0 when absent. */
    public record DnsSrv(String service, String protocol, String domain, String target, long port, long priority,
            long weight) {
    }

    /** {@code <host ip=...>} with its {@code <hostname>}s. */
    public record DnsHost(String ip, List<String> hostnames) {
        public DnsHost {
            hostnames = List.copyOf(hostnames);
        }
    }

    /**
     * {@code <ip>}.
     *
     * @param family     the family as written ("ipv4", "ipv6"), or null
     * @param address    canonical address
     * @param netmask    canonical netmask, or null
     * @param prefix     the prefix, 0 when not given
     * @param localPtr   tristate, null when absent
     * @param tftpRoot   {@code <tftp root=.../>}, or null
     * @param ranges     DHCP ranges
     * @param hosts      DHCP static hosts
     * @param bootpFile  {@code <bootp file=...>}, or null
     * @param bootpServer the bootp server, or null
     */
    public record Ip(String family, String address, String netmask, long prefix, Boolean localPtr, String tftpRoot,
            List<DhcpRange> ranges, List<DhcpHost> hosts, String bootpFile, String bootpServer) {
        public Ip {
            ranges = List.copyOf(ranges);
            hosts = List.copyOf(hosts);
        }

        /** Whether the address is IPv6. */
        public boolean isIpv6() {
            return address.indexOf(':') >= 0;
        }

        /** libvirt's virNetworkIPDefPrefix: the prefix, else the netmask's bits, else the natural one. */
        public int effectivePrefix() {
            return NetworkAddresses.effectivePrefix(address, netmask, prefix);
        }
    }

    /** A DHCP lease time: expiry 0 is infinite; unit "seconds", "minutes" or "hours". */
    public record Lease(long expiry, String unit) {
    }

    /** {@code <range start=... end=...>} with an optional lease. */
    public record DhcpRange(String start, String end, Lease lease) {
    }

    /** {@code <host mac=... id=... name=... ip=...>} with an optional lease. */
    public record DhcpHost(String mac, String id, String name, String ip, Lease lease) {
    }

    /** {@code <route>}; prefix and metric are null when absent. */
    public record Route(String family, String address, String netmask, Long prefix, String gateway, Long metric) {
    }

    /** {@code <portgroup>} with its VLAN, virtualport and bandwidth. */
    public record PortGroup(String name, boolean isDefault, Boolean trustGuestRxFilters, Vlan vlan,
            VirtualPort virtualport, Bandwidth bandwidth) {
    }

    /** {@code <bandwidth>}: the inbound and outbound rates (either may be null, not both). */
    public record Bandwidth(Rate inbound, Rate outbound) {
    }

    /** One direction's rates in kilobytes (per second; burst in kilobytes); 0 where not given. */
    public record Rate(long average, long peak, long floor, long burst) {
    }

    /**
     * {@code <virtualport>} as virNetDevVPortProfile holds it: the type ("802.1Qbg", "802.1Qbh",
     * "openvswitch", "midonet"; null for none) and the parameters given (null when absent).
     */
    public record VirtualPort(String type, Long managerId, Long typeId, Long typeIdVersion, UUID instanceId,
            String profileId, UUID interfaceId) {
    }

    /**
     * {@code <vlan>}: trunk, the tag ids, and the native mode ("tagged"/"untagged", null when
     * none) with the tag it applies to.
     */
    public record Vlan(boolean trunk, List<Long> tags, String nativeMode, long nativeTag) {
        public Vlan {
            tags = List.copyOf(tags);
        }
    }
}
