package io.jvirt.api.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.IpAddressText;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.LibvirtUuids;
import io.jvirt.api.domain.MacAddress;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.network.NetworkDef.ForwardMode;

/**
 * virNetworkDefParseXML and its helpers: reads the parsed document into a {@link NetworkDef} with
 * libvirt's checks, in libvirt's order (so the first error reported is libvirt's). Like libvirt it
 * ignores elements it does not know; the RelaxNG schema is what refuses them.
 */
final class NetworkParser {

    private String name;

    private NetworkParser() {
    }

    static NetworkDef parse(XmlElement root) {
        if (root.namespaceUri() != null || !"network".equals(root.name())) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
                "expecting root element of 'network', not '" + root.localName() + "'");
        }
        return new NetworkParser().network(root);
    }

    // ---- element access: like libvirt's XPath, only elements in no namespace ----

    static XmlElement child(XmlElement e, String local) {
        if (e == null) {
            return null;
        }
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && c.name().equals(local)) {
                return c;
            }
        }
        return null;
    }

    static List<XmlElement> all(XmlElement e, String local) {
        List<XmlElement> out = new ArrayList<>(2);
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && c.name().equals(local)) {
                out.add(c);
            }
        }
        return out;
    }

    static String attr(XmlElement e, String a) {
        return e == null ? null : e.attributes().get(a);
    }

    /** XPath string() of an element: its text, null when empty (virXPathString gives NULL for ""). */
    private static String text(XmlElement e) {
        if (e == null) {
            return null;
        }
        String t = e.text();
        return t == null || t.isEmpty() ? null : t;
    }

    /** virXPathString of an attribute: null when absent or empty. */
    private static String xpathAttr(XmlElement e, String a) {
        String v = attr(e, a);
        return v == null || v.isEmpty() ? null : v;
    }

    private NetworkDef network(XmlElement root) {
        name = text(child(root, "name"));
        if (name == null) {
            throw new VirtException(ErrorCode.NO_NAME, ErrorDomain.NETWORK, null);
        }
        int slash = name.indexOf('/');
        if (slash >= 0) {
            throw new VirtException(ErrorCode.XML_DETAIL, ErrorDomain.XML, "invalid char in name: /");
        }
        String uuidText = text(child(root, "uuid"));
        UUID uuid;
        if (uuidText == null) {
            uuid = UUID.randomUUID();
        } else {
            uuid = LibvirtUuids.parse(uuidText);
            if (uuid == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK, "malformed uuid element");
            }
        }
        // libvirt 9.7's title and description
        String title = text(child(root, "title"));
        if (title != null && title.indexOf('\n') >= 0) {
            throw NetworkErrors.xml("Network title can't contain newlines");
        }
        String description = text(child(root, "description"));
        boolean ipv6 = false;
        String ipv6Text = xpathAttr(root, "ipv6");
        if (ipv6Text != null) {
            if ("yes".equals(ipv6Text)) {
                ipv6 = true;
            } else if (!"no".equals(ipv6Text)) {
                throw NetworkErrors.xml("Invalid ipv6 setting '" + ipv6Text + "' in network '" + name + "'");
            }
        }
        Boolean trust = NetworkErrors.tristate(root, "trustGuestRxFilters");

        XmlElement domainNode = child(root, "domain");
        NetworkDef.Domain domain = null;
        String domainName = attr(domainNode, "name");
        Boolean localOnly = NetworkErrors.tristate(domainNode, "localOnly");
        Boolean register = NetworkErrors.tristate(domainNode, "register");
        if (domainName != null) {
            domain = new NetworkDef.Domain(domainName, localOnly, register);
        }
        XmlElement bandwidthNode = child(root, "bandwidth");
        NetworkDef.Bandwidth bandwidth = bandwidthNode == null ? null : Bandwidths.parse(bandwidthNode);
        XmlElement vlanNode = child(root, "vlan");
        NetworkDef.Vlan vlan = vlanNode == null ? null : vlan(vlanNode);
        Boolean portIsolated = NetworkErrors.tristate(child(root, "port"), "isolated");

        XmlElement bridgeNode = child(root, "bridge");
        String bridgeName = xpathAttr(bridgeNode, "name");
        String zone = xpathAttr(bridgeNode, "zone");
        String stp = xpathAttr(bridgeNode, "stp");
        String delayText = xpathAttr(bridgeNode, "delay");
        long delay = 0;
        if (delayText != null) {
            Long d = LibvirtNumbers.ullp(delayText);
            if (d == null) {
                throw NetworkErrors.xml("Invalid delay value in network '" + name + "'");
            }
            delay = d;
        }
        String macTableManager = xpathAttr(bridgeNode, "macTableManager");
        if (macTableManager != null && !"kernel".equals(macTableManager) && !"libvirt".equals(macTableManager)) {
            throw NetworkErrors.xml("Invalid macTableManager setting '" + macTableManager + "' in network '"
                + name + "'");
        }
        NetworkDef.Bridge bridge = new NetworkDef.Bridge(bridgeName, zone, !"off".equals(stp), delay, macTableManager);

        String mac = null;
        String macText = xpathAttr(child(root, "mac"), "address");
        if (macText != null) {
            mac = MacAddress.canonical(macText);
            if (mac == null) {
                throw NetworkErrors.xml("Invalid bridge mac address '" + macText + "' in network '" + name + "'");
            }
            if ((Character.digit(mac.charAt(1), 16) & 1) != 0) {
                throw NetworkErrors.xml("Invalid multicast bridge mac address '" + macText + "' in network '"
                    + name + "'");
            }
        }
        long mtu = 0;
        String mtuText = xpathAttr(child(root, "mtu"), "size");
        if (mtuText != null) {
            Long m = LibvirtNumbers.ui(mtuText);
            if (m == null) {
                throw NetworkErrors.xml("Invalid mtu size '" + mtuText + "' in network '" + name + "'");
            }
            mtu = m;
        }
        XmlElement dnsNode = child(root, "dns");
        NetworkDef.Dns dns = dnsNode == null ? emptyDns() : new NetworkDnsParser(name).dns(dnsNode);
        XmlElement vportNode = child(root, "virtualport");
        NetworkDef.VirtualPort virtualport = vportNode == null ? null : VirtualPorts.parse(vportNode, true);
        List<NetworkDef.PortGroup> portGroups = new ArrayList<>();
        for (XmlElement pg : all(root, "portgroup")) {
            portGroups.add(portGroup(pg));
        }
        List<NetworkDef.Ip> ips = new ArrayList<>();
        for (XmlElement ip : all(root, "ip")) {
            ips.add(new NetworkIpParser(name).ip(ip));
        }
        List<NetworkDef.Route> routes = new ArrayList<>();
        for (XmlElement r : all(root, "route")) {
            routes.add(NetworkRoutes.parse(name, r));
        }
        for (NetworkDef.Route r : routes) {
            NetworkRoutes.checkGatewayReachable(name, r, ips);
        }
        XmlElement forwardNode = child(root, "forward");
        NetworkDef.Forward forward = forwardNode == null ? null : new NetworkForwardParser(name).forward(forwardNode);
        ForwardMode mode = forward == null ? ForwardMode.NONE : forward.mode();
        int nifs = forward == null ? 0 : forward.interfaces().size();
        int npfs = forward == null || forward.pf() == null ? 0 : 1;
        switch (mode) {
            case NONE -> {
            }
            case ROUTE, NAT, OPEN -> {
                if (ips.isEmpty()) {
                    throw NetworkErrors.xml(mode.xml() + " forwarding requested, but no IP address provided for network '"
                        + name + "'");
                }
                if (nifs > 1) {
                    throw NetworkErrors.xml("multiple forwarding interfaces specified for network '" + name
                        + "', only one is supported");
                }
                if (mode == ForwardMode.OPEN && nifs > 0) {
                    throw NetworkErrors.xml("forward dev not allowed for network '" + name + "' with forward mode='"
                        + mode.xml() + "'");
                }
            }
            default -> {
                if (mode != ForwardMode.BRIDGE) {
                    if (bridgeName != null) {
                        throw NetworkErrors.xml("bridge name not allowed in " + mode.xml() + " mode (network '" + name
                            + "')");
                    }
                    if (zone != null) {
                        throw NetworkErrors.xml("bridge zone not allowed in " + mode.xml() + " mode (network '" + name
                            + "')");
                    }
                    if (macTableManager != null) {
                        throw NetworkErrors.xml("bridge macTableManager setting not allowed in " + mode.xml()
                            + " mode (network '" + name + "')");
                    }
                }
                if (delay != 0 || stp != null || zone != null) {
                    throw NetworkErrors.xml("bridge delay/stp/zone options only allowed in route, nat, and isolated "
                        + "mode, not in " + mode.xml() + " (network '" + name + "')");
                }
                if (bridgeName != null && (nifs > 0 || npfs > 0)) {
                    throw NetworkErrors.xml("A network with forward mode='" + mode.xml() + "' can specify a bridge "
                        + "name or a forward dev, but not both (network '" + name + "')");
                }
            }
        }
        if (mtu != 0 && !mode.hasBridge()) {
            throw NetworkErrors.xml("mtu size only allowed in open, route, nat, and isolated mode, not in "
                + mode.xml() + " (network '" + name + "')");
        }
        XmlElement metadata = child(root, "metadata");
        List<String> dnsmasqOptions = dnsmasqOptions(root);
        return new NetworkDef(name, uuid, title, description, ipv6, trust,
            metadata == null ? null : metadata.sanitizedNamespaces(), forward, bridge, mtu,
            mac, domain, dns, vlan, bandwidth, portIsolated, ips, routes,
            virtualport, portGroups, dnsmasqOptions);
    }

    static NetworkDef.Dns emptyDns() {
        return new NetworkDef.Dns(null, null, List.of(), List.of(), List.of(), List.of());
    }

    /** networkDnsmasqDefNamespaceParse: the values of dnsmasq:options/dnsmasq:option. */
    private List<String> dnsmasqOptions(XmlElement root) {
        List<String> out = new ArrayList<>();
        for (XmlElement c : root.children()) {
            if (NetworkDef.DNSMASQ_NAMESPACE.equals(c.namespaceUri()) && "options".equals(c.localName())) {
                for (XmlElement o : c.children()) {
                    if (NetworkDef.DNSMASQ_NAMESPACE.equals(o.namespaceUri()) && "option".equals(o.localName())) {
                        String v = o.attributes().get("value");
                        if (v == null) {
                            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK,
                                "No dnsmasq options value specified");
                        }
                        out.add(v);
                    }
                }
            }
        }
        return out;
    }

    private NetworkDef.PortGroup portGroup(XmlElement pg) {
        String pgName = xpathAttr(pg, "name");
        if (pgName == null) {
            throw NetworkErrors.xml("Missing required name attribute in portgroup");
        }
        String isDefault = xpathAttr(pg, "default");
        Boolean trust = NetworkErrors.tristate(pg, "trustGuestRxFilters");
        // libvirt's order: virtualport, bandwidth, vlan (the first error is the one reported)
        XmlElement vportNode = child(pg, "virtualport");
        NetworkDef.VirtualPort vport = vportNode == null ? null : VirtualPorts.parse(vportNode, false);
        XmlElement bandwidthNode = child(pg, "bandwidth");
        NetworkDef.Bandwidth bandwidth = bandwidthNode == null ? null : Bandwidths.parse(bandwidthNode);
        XmlElement vlanNode = child(pg, "vlan");
        NetworkDef.Vlan vlan = vlanNode == null ? null : vlan(vlanNode);
        return new NetworkDef.PortGroup(pgName, isDefault != null && isDefault.equalsIgnoreCase("yes"), trust, vlan,
            vport, bandwidth);
    }

    /** virNetDevVlanParse. */
    static NetworkDef.Vlan vlan(XmlElement node) {
        List<XmlElement> tagNodes = all(node, "tag");
        if (tagNodes.isEmpty()) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE,
                "missing tag id - each <vlan> must have at least one <tag id='n'/> subelement");
        }
        List<Long> tags = new ArrayList<>();
        String nativeMode = null;
        long nativeTag = 0;
        for (XmlElement t : tagNodes) {
            Long id = NetworkErrors.uintProp(t, "id", false);
            if (id == null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
                    "Missing required attribute 'id' in element 'tag'");
            }
            if (id > 4095) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE,
                    "vlan tag id " + id + " too large (maximum 4095)");
            }
            String nm = t.attributes().get("nativeMode");
            if (nm != null) {
                if (!"tagged".equals(nm) && !"untagged".equals(nm)) {
                    throw NetworkErrors.invalidAttr(t, "nativeMode", nm);
                }
                if (nativeMode != null) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE, "duplicate native vlan setting");
                }
                nativeMode = nm;
                nativeTag = id;
            }
            tags.add(id);
        }
        boolean trunk = tags.size() > 1;
        String trunkText = xpathAttr(node, "trunk");
        if (trunkText != null) {
            trunk = trunkText.equalsIgnoreCase("yes");
            if (!trunk) {
                if (tags.size() > 1) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE, "invalid \"trunk='" + trunkText
                        + "'\" in <vlan> - trunk='yes' is required for more than one vlan tag");
                }
                if (nativeMode != null) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE,
                        "invalid configuration in <vlan> - \"trunk='no'\" is not allowed with a native vlan id");
                }
                if (!trunkText.equalsIgnoreCase("no")) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE, "invalid \"trunk='" + trunkText
                        + "'\" in <vlan> - must be yes or no");
                }
            }
        }
        return new NetworkDef.Vlan(trunk, tags, nativeMode, nativeTag);
    }

    /** virSocketAddrParse with AF_UNSPEC, reporting libvirt's own error. */
    static IpAddressText.Address socketAddr(String text) {
        IpAddressText.Address a = IpAddressText.parse(text, null);
        if (a == null) {
            throw NetworkErrors.badSocketAddress(text);
        }
        return a;
    }

    static boolean sameBytes(IpAddressText.Address a, IpAddressText.Address b) {
        return a.family() == b.family() && Arrays.equals(a.bytes(), b.bytes());
    }
}
