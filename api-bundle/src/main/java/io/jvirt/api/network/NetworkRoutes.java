package io.jvirt.api.network;

import java.util.Arrays;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.IpAddressText;
import io.jvirt.api.domain.XmlElement;

/** virNetDevIPRouteParseXML / virNetDevIPRouteCreate, and the network's gateway reachability check. */
final class NetworkRoutes {

    private NetworkRoutes() {
    }

    /** networkcommon_conf.c reports from the network area. */
    private static VirtException xml(String detail) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NETWORK, detail);
    }

    static NetworkDef.Route parse(String network, XmlElement node) {
        String family = node.attributes().get("family");
        String address = node.attributes().get("address");
        String netmask = node.attributes().get("netmask");
        String gateway = node.attributes().get("gateway");
        Long prefix = NetworkErrors.uintProp(node, "prefix", false);
        Long metric = NetworkErrors.uintProp(node, "metric", true);
        String d = network + ": ";
        if (address == null) {
            throw xml(d + "Missing required address attribute in route definition");
        }
        if (gateway == null) {
            throw xml(d + "Missing required gateway attribute in route definition");
        }
        IpAddressText.Address addr = IpAddressText.parse(address, null);
        if (addr == null) {
            throw xml(d + "Bad network address '" + address + "' in route definition");
        }
        IpAddressText.Address gw = IpAddressText.parse(gateway, null);
        if (gw == null) {
            throw xml(d + "Bad gateway address '" + gateway + "' in route definition");
        }
        long p = prefix == null ? 0 : prefix;
        IpAddressText.Address mask = null;
        if (family == null || "ipv4".equals(family)) {
            if (addr.family() != IpAddressText.Family.IPV4) {
                throw xml(d + (family == null ? "No family" : "IPv4 family") + " specified for non-IPv4 address '"
                    + address + "' in route definition");
            }
            if (gw.family() != IpAddressText.Family.IPV4) {
                // libvirt names the address here, not the gateway
                throw xml(d + (family == null ? "No family" : "IPv4 family") + " specified for non-IPv4 gateway '"
                    + address + "' in route definition");
            }
            if (netmask != null) {
                mask = IpAddressText.parse(netmask, null);
                if (mask == null) {
                    throw xml(d + "Bad netmask address '" + netmask + "' in route definition");
                }
                if (mask.family() != IpAddressText.Family.IPV4) {
                    throw xml(d + "Invalid netmask '" + netmask + "' for address '" + address + "' (both must be IPv4)");
                }
                if (prefix != null) {
                    throw xml(d + "Route definition cannot have both a prefix and a netmask");
                }
            }
            if (p > 32) {
                throw xml(d + "Invalid prefix " + p + " specified in route definition, must be 0 - 32");
            }
        } else if ("ipv6".equals(family)) {
            if (addr.family() != IpAddressText.Family.IPV6) {
                throw xml(d + "ipv6 family specified for non-IPv6 address '" + address + "' in route definition");
            }
            if (netmask != null) {
                throw xml(d + "Specifying netmask invalid for IPv6 address '" + address + "' in route definition");
            }
            if (gw.family() != IpAddressText.Family.IPV6) {
                throw xml(d + "ipv6 specified for non-IPv6 gateway address '" + gateway + "' in route definition");
            }
            if (p > 128) {
                throw xml(d + "Invalid prefix " + p + " specified in route definition, must be 0 - 128");
            }
        } else {
            throw xml(d + "Unrecognized family '" + family + "' in route definition");
        }
        byte[] masked;
        if (mask != null) {
            masked = addr.bytes().clone();
            for (int i = 0; i < masked.length; i++) {
                masked[i] &= mask.bytes()[i];
            }
        } else {
            masked = NetworkAddresses.mask(addr.bytes(), (int) p);
        }
        if (!Arrays.equals(masked, addr.bytes())) {
            throw xml(d + "Address '" + address + "' in route definition is not a network address");
        }
        return new NetworkDef.Route(family, addr.format(), mask == null ? null : mask.format(), prefix, gw.format(),
            metric);
    }

    /** The gateway of a static route must be inside one of the network's own addresses' subnets. */
    static void checkGatewayReachable(String network, NetworkDef.Route route, List<NetworkDef.Ip> ips) {
        IpAddressText.Address gw = IpAddressText.parse(route.gateway(), null);
        for (NetworkDef.Ip ip : ips) {
            IpAddressText.Address a = IpAddressText.parse(ip.address(), null);
            if (a.family() != gw.family()) {
                continue;
            }
            int prefix = ip.effectivePrefix();
            if (prefix < 0 || prefix > a.bytes().length * 8) {
                continue; // virSocketAddrMaskByPrefix fails: the addresses are not valid, no match
            }
            if (Arrays.equals(NetworkAddresses.mask(a.bytes(), prefix), NetworkAddresses.mask(gw.bytes(), prefix))) {
                return;
            }
        }
        throw NetworkErrors.unsupported("unreachable static route gateway '" + route.gateway()
            + "' specified for network '" + network + "'");
    }
}
