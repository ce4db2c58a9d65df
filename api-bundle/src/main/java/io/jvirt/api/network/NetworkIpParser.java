package io.jvirt.api.network;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.IpAddressText;
import io.jvirt.api.domain.MacAddress;
import io.jvirt.api.domain.XmlElement;

/** virNetworkIPDefParseXML with its DHCP parts (ranges, hosts, bootp, lease times). */
final class NetworkIpParser {

    private static final String ID_CHARS = "0123456789abcdefABCDEF:";

    private final String network;

    NetworkIpParser(String network) {
        this.network = network;
    }

    NetworkDef.Ip ip(XmlElement node) {
        String family = node.attributes().get("family");
        String address = node.attributes().get("address");
        if (address == null || address.isEmpty()) {
            throw NetworkErrors.xml("Missing required address attribute in network '" + network + "'");
        }
        IpAddressText.Address addr = IpAddressText.parse(address, null);
        if (addr == null) {
            throw NetworkErrors.xml("Invalid address '" + address + "' in network '" + network + "'");
        }
        String netmaskText = node.attributes().get("netmask");
        if (netmaskText != null && netmaskText.isEmpty()) {
            netmaskText = null; // virXPathString: "" is no value
        }
        IpAddressText.Address netmask = null;
        if (netmaskText != null) {
            netmask = IpAddressText.parse(netmaskText, null);
            if (netmask == null) {
                throw NetworkErrors.xml("Invalid netmask '" + netmaskText + "' in network '" + network + "'");
            }
        }
        Long prefixValue = NetworkErrors.uintProp(node, "prefix", false);
        long prefix = prefixValue == null ? 0 : prefixValue;
        Boolean localPtr = NetworkErrors.tristate(node, "localPtr");
        if (family == null || family.isEmpty() || "ipv4".equals(family)) {
            if (family != null && family.isEmpty()) {
                family = null;
            }
            if (addr.family() != IpAddressText.Family.IPV4) {
                throw NetworkErrors.unsupported((family == null ? "no" : "ipv4")
                    + " family specified for non-IPv4 address '" + address + "' in network '" + network + "'");
            }
            if (netmask != null) {
                if (netmask.family() != IpAddressText.Family.IPV4) {
                    throw NetworkErrors.unsupported("Invalid netmask '" + netmaskText + "' for address '" + address
                        + "' in network '" + network + "' (both must be IPv4)");
                }
                if (prefix > 0) {
                    throw NetworkErrors.unsupported("Network '" + network
                        + "' IP address cannot have both a prefix and a netmask");
                }
            } else if (prefix > 32) {
                throw NetworkErrors.unsupported("Invalid IPv4 prefix '" + prefix + "' in network '" + network + "'");
            }
        } else if ("ipv6".equals(family)) {
            if (addr.family() != IpAddressText.Family.IPV6) {
                throw NetworkErrors.unsupported("Family 'ipv6' specified for non-IPv6 address '" + address
                    + "' in network '" + network + "'");
            }
            if (netmask != null) {
                throw NetworkErrors.unsupported("netmask not allowed for IPv6 address '" + address + "' in network '"
                    + network + "'");
            }
            if (prefix > 128) {
                throw NetworkErrors.unsupported("Invalid IPv6 prefix '" + prefix + "' in network '" + network + "'");
            }
        } else {
            throw NetworkErrors.xml("Unrecognized family '" + family + "' in network '" + network + "'");
        }
        String netmaskCanonical = netmask == null ? null : netmask.format();
        int effective = NetworkAddresses.effectivePrefix(addr.format(), netmaskCanonical, prefix);
        List<NetworkDef.DhcpRange> ranges = new ArrayList<>();
        List<NetworkDef.DhcpHost> hosts = new ArrayList<>();
        String bootFile = null;
        String bootServer = null;
        XmlElement dhcp = NetworkParser.child(node, "dhcp");
        if (dhcp != null) {
            // libvirt 10's virNetworkDHCPDefParseXML: every range, then every host, then the first bootp
            for (XmlElement r : NetworkParser.all(dhcp, "range")) {
                ranges.add(range(r, addr, effective));
            }
            for (XmlElement h : NetworkParser.all(dhcp, "host")) {
                hosts.add(host(h, addr));
            }
            XmlElement bootp = NetworkParser.child(dhcp, "bootp");
            if (bootp != null && addr.family() == IpAddressText.Family.IPV4) {
                String server = bootp.attributes().get("server");
                bootFile = bootp.attributes().get("file");
                if (bootFile == null) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
                        "Missing required attribute 'file' in element 'bootp'");
                }
                bootServer = server == null ? null : NetworkParser.socketAddr(server).format();
            }
        }
        String tftpRoot = null;
        XmlElement tftp = NetworkParser.child(node, "tftp");
        if (tftp != null) {
            if (addr.family() != IpAddressText.Family.IPV4) {
                throw NetworkErrors.unsupported("Unsupported <tftp> element in an IPv6 element in network '"
                    + network + "'");
            }
            String root = tftp.attributes().get("root");
            tftpRoot = root == null || root.isEmpty() ? null : root;
        }
        return new NetworkDef.Ip(family, addr.format(), netmaskCanonical, prefix, localPtr, tftpRoot, ranges, hosts,
            bootFile, bootServer);
    }

    private NetworkDef.DhcpRange range(XmlElement node, IpAddressText.Address network, int prefix) {
        String start = node.attributes().get("start");
        if (start == null) {
            throw NetworkErrors.xml("Missing 'start' attribute in dhcp range for network '" + this.network + "'");
        }
        IpAddressText.Address s = NetworkParser.socketAddr(start);
        String end = node.attributes().get("end");
        if (end == null) {
            throw NetworkErrors.xml("Missing 'end' attribute in dhcp range for network '" + this.network + "'");
        }
        IpAddressText.Address e = NetworkParser.socketAddr(end);
        NetworkAddresses.checkRange(s, e, network, prefix);
        return new NetworkDef.DhcpRange(s.format(), e.format(), lease(node));
    }

    private NetworkDef.DhcpHost host(XmlElement node, IpAddressText.Address network) {
        boolean v6 = network.family() == IpAddressText.Family.IPV6;
        String mac = node.attributes().get("mac");
        if (mac != null) {
            if (v6) {
                throw NetworkErrors.xml("Invalid to specify MAC address '" + mac + "' in network '" + this.network
                    + "' IPv6 static host definition");
            }
            String canonical = MacAddress.canonical(mac);
            if (canonical == null) {
                throw NetworkErrors.xml("Cannot parse MAC address '" + mac + "' in network '" + this.network + "'");
            }
            if ((Character.digit(canonical.charAt(1), 16) & 1) != 0) {
                throw NetworkErrors.xml("expected unicast mac address, found multicast '" + mac + "' in network '"
                    + this.network + "'");
            }
        }
        String id = node.attributes().get("id");
        if (id != null) {
            for (int i = 0; i < id.length(); i++) {
                if (ID_CHARS.indexOf(id.charAt(i)) < 0) {
                    throw NetworkErrors.xml("Invalid character '" + id.charAt(i) + "' in id '" + id + "' of network '"
                        + this.network + "'");
                }
            }
        }
        String name = node.attributes().get("name");
        if (name != null && (name.isEmpty() || !isAsciiAlnum(name.charAt(0)))) {
            throw NetworkErrors.xml("Cannot use host name '" + name + "' in network '" + this.network + "'");
        }
        String ip = node.attributes().get("ip");
        IpAddressText.Address ipAddr = null;
        if (ip != null) {
            ipAddr = IpAddressText.parse(ip, null);
            if (ipAddr == null) {
                throw NetworkErrors.xml("Invalid IP address in static host definition for network '" + this.network
                    + "'");
            }
        }
        if (v6) {
            if (id == null && name == null) {
                throw NetworkErrors.xml("Static host definition in IPv6 network '" + this.network
                    + "' must have id or name attribute");
            }
        } else if (mac == null && name == null) {
            throw NetworkErrors.xml("Static host definition in IPv4 network '" + this.network
                + "' must have mac or name attribute");
        }
        if (ip == null) {
            throw NetworkErrors.xml("Missing IP address in static host definition for network '" + this.network + "'");
        }
        // libvirt keeps the MAC as written (virNetworkDHCPHostDefFormat prints the text)
        return new NetworkDef.DhcpHost(mac, id, name, ipAddr.format(), lease(node));
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** virNetworkDHCPLeaseTimeDefParseXML of the element's first {@code <lease>}, null when none. */
    private static NetworkDef.Lease lease(XmlElement parent) {
        XmlElement c = NetworkParser.child(parent, "lease");
        if (c == null) {
            return null;
        }
        Long expiry = NetworkErrors.ullPropBase0(c, "expiry");
        if (expiry == null) {
            return null;
        }
        String unit = c.attributes().get("unit");
        if (unit == null) {
            unit = "minutes";
        } else if (!"seconds".equals(unit) && !"minutes".equals(unit) && !"hours".equals(unit)) {
            throw NetworkErrors.invalidAttr(c, "unit", unit);
        }
        if (expiry > 0 && (("seconds".equals(unit) && expiry < 120) || ("minutes".equals(unit) && expiry < 2))) {
            throw NetworkErrors.unsupported("The minimum lease time should be greater than 2 minutes");
        }
        return new NetworkDef.Lease(expiry, unit);
    }
}
