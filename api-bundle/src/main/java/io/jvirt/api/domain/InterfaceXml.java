package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;

import java.util.Set;

/** Parses and formats {@code <interface>}. */
final class InterfaceXml {

    private static final Set<String> TYPES = Set.of("user", "ethernet", "vhostuser", "server", "client", "mcast",
        "network", "bridge", "internal", "direct", "hostdev", "udp", "vdpa", "null", "vds");
    /** Known sub-elements kept as parsed, in libvirt's order. */
    static final String[] KEPT_ORDER = {"virtualport", "ip", "route", "portForward", "script", "downscript",
        "backenddomain", "guest", "driver", "backend", "filterref", "tune", "teaming", "coalesce", "port"};
    private static final Set<String> KEPT = Set.of(KEPT_ORDER);
    private static final Set<String> SOURCE_TYPED = Set.of("network", "portgroup", "bridge", "dev", "mode");
    /** The other source attributes virDomainNetDefParseXML reads (sockets, vhost-user, internal, vds, ports). */
    private static final Set<String> SOURCE_ATTRS = Set.of("portid", "portgroupid", "address", "port", "type", "path",
        "name", "switchid", "connectionid");

    private InterfaceXml() {
    }

    static InterfaceDef parse(XmlElement e) {
        InterfaceDef n = new InterfaceDef();
        String type = ParseContext.required(e, "type");
        if (!TYPES.contains(type)) {
            throw ParseContext.xmlError("unknown interface type '" + type + "'");
        }
        n.type(type);
        n.trustGuestRxFilters(e.get("trustGuestRxFilters"));
        n.managed(e.get("managed"));
        XmlElement mac = e.child("mac");
        if (mac != null) {
            String addr = mac.get("address");
            if (addr != null) {
                n.mac(MacAddress.parse(addr));
            }
            n.macType(mac.get("type"));
            n.macCheck(mac.get("check"));
        }
        XmlElement source = e.child("source");
        if (source != null) {
            n.sourceNetwork(source.get("network"));
            n.sourcePortgroup(source.get("portgroup"));
            n.sourceBridge(source.get("bridge"));
            n.sourceDev(source.get("dev"));
            n.sourceMode(source.get("mode"));
            DevicesXml.knownAttrs(source, n.sourceAttrs(), SOURCE_ATTRS);
            for (XmlElement c : source.children()) {
                n.sourceChildren().add(c.consumeAll());
            }
        }
        checkSource(n);
        keepWhatTheTypeReads(n);
        checkSockets(n);
        XmlElement target = e.child("target");
        if (target != null) {
            n.targetDev(target.get("dev"));
            n.targetManaged(target.get("managed"));
        }
        XmlElement model = e.child("model");
        if (model != null) {
            n.model(ParseContext.required(model, "type"));
        }
        XmlElement bandwidth = e.child("bandwidth");
        if (bandwidth != null) {
            n.bandwidth(bandwidth.consumeAll());
        }
        XmlElement vlan = e.child("vlan");
        if (vlan != null) {
            n.vlan(vlan.consumeAll());
        }
        XmlElement link = e.child("link");
        if (link != null) {
            n.linkState(ParseContext.oneOf(link, "state", "up", "down"));
        }
        XmlElement mtu = e.child("mtu");
        if (mtu != null) {
            n.mtu(ParseContext.uint(mtu, "size"));
        }
        DevicesXml.keep(e, n.kept(), KEPT);
        n.kept().replaceAll(k -> k.name().equals("ip") ? NetIpXml.normalize(k) : k);
        return n;
    }

    /**
     * virDomainNetDefParseXML reads of {@code <source>} only what the interface's type uses, and
     * drops the rest ({@code <source network='default' bridge='virbr0'/>} defines a network
     * interface without a bridge): the attributes and child elements each type reads.
     */
    private static void keepWhatTheTypeReads(InterfaceDef n) {
        Set<String> attrs = switch (n.type()) {
            case "network" -> Set.of("network", "portgroup", "portid");
            case "bridge" -> Set.of("bridge");
            case "direct" -> Set.of("dev", "mode");
            case "user", "vdpa" -> Set.of("dev");
            case "vhostuser" -> Set.of("type", "path", "mode");
            case "server", "client", "mcast", "udp" -> Set.of("address", "port");
            case "internal" -> Set.of("name");
            case "vds" -> Set.of("switchid", "portid", "portgroupid", "connectionid");
            default -> Set.of(); // ethernet, hostdev, null: no attribute of <source>
        };
        Set<String> children = switch (n.type()) {
            case "ethernet" -> Set.of("ip", "route");
            case "udp" -> Set.of("local");
            case "vhostuser" -> Set.of("reconnect");
            case "hostdev" -> Set.of("address");
            default -> Set.of();
        };
        if (!attrs.contains("network")) {
            n.sourceNetwork(null);
        }
        if (!attrs.contains("portgroup")) {
            n.sourcePortgroup(null);
        }
        if (!attrs.contains("bridge")) {
            n.sourceBridge(null);
        }
        if (!attrs.contains("dev")) {
            n.sourceDev(null);
        }
        if (!attrs.contains("mode")) {
            n.sourceMode(null);
        } else if ("direct".equals(n.type()) && n.sourceMode() == null) {
            n.sourceMode("vepa"); // a macvtap's default mode, which libvirt always writes
        }
        n.sourceAttrs().keySet().retainAll(attrs);
        n.sourceChildren().removeIf(c -> !children.contains(c.name()));
        n.sourceChildren().replaceAll(c -> c.name().equals("ip") ? NetIpXml.normalize(c) : c);
    }

    /** The prefixes of the target names libvirt generates (VIR_NET_GENERATED_VNET/MACVTAP/MACVLAN_PREFIX). */
    private static final String[] GENERATED_PREFIXES = {"vnet", "macvtap", "macvlan"};

    /**
     * Whether {@code dev} is a target name a hypervisor generates: it starts (case-sensitively, as
     * libvirt's STRPREFIX) with vnet, macvtap or macvlan, or with the driver's own prefix
     * ({@code driverPrefix}, libvirt's xmlopt netPrefix: "vif" for libxl; null for none).
     */
    static boolean isGeneratedName(String dev, String driverPrefix) {
        if (dev == null) {
            return false;
        }
        for (String p : GENERATED_PREFIXES) {
            if (dev.startsWith(p)) {
                return true;
            }
        }
        return driverPrefix != null && dev.startsWith(driverPrefix);
    }

    /**
     * virDomainNetDefParseXML under VIR_DOMAIN_DEF_PARSE_INACTIVE: a target name a hypervisor
     * generates is blanked out of a caller's definition, of any interface type, unless the tap is
     * not managed ({@code managed='no'}: the name is the administrator's own device); the driver
     * names the device again when it starts. {@code managed} stays.
     */
    static void dropGeneratedTargetNames(java.util.List<InterfaceDef> interfaces, String driverPrefix) {
        for (InterfaceDef n : interfaces) {
            if (!"no".equals(n.targetManaged()) && isGeneratedName(n.targetDev(), driverPrefix)) {
                n.targetDev(null);
            }
        }
    }

    /** A network interface's port id is read from live XML only (not under VIR_DOMAIN_DEF_PARSE_INACTIVE). */
    static void dropPortIds(java.util.List<InterfaceDef> interfaces) {
        for (InterfaceDef n : interfaces) {
            if ("network".equals(n.type())) {
                n.sourceAttrs().remove("portid");
            }
        }
    }

    /** The addresses and ports a socket interface cannot do without (virDomainNetDefParseXML's words). */
    private static void checkSockets(InterfaceDef n) {
        String type = n.type();
        if (!Set.of("server", "client", "mcast", "udp").contains(type)) {
            return;
        }
        if (!"server".equals(type) && n.sourceAttrs().get("address") == null) {
            throw ParseContext.xmlError("Missing required attribute 'address' in element 'source'");
        }
        if (n.sourceAttrs().get("port") == null) {
            throw ParseContext.xmlError("Missing required attribute 'port' in element 'source'");
        }
        if ("udp".equals(type)) {
            XmlElement local = n.sourceChildren().stream().filter(c -> c.name().equals("local")).findFirst().orElse(null);
            if (local == null) {
                throw ParseContext.xmlError("'<local>' element missing for 'udp' socket interface");
            }
            for (String a : new String[] {"address", "port"}) {
                if (local.get(a) == null) {
                    throw ParseContext.xmlError("Missing required attribute '" + a + "' in element 'local'");
                }
            }
        }
    }

    /** The source attributes each type cannot do without, as libvirt requires them. */
    private static void checkSource(InterfaceDef n) {
        String missing = switch (n.type()) {
            case "network" -> n.sourceNetwork() == null ? "network" : null;
            case "bridge" -> n.sourceBridge() == null ? "bridge" : null;
            case "direct" -> n.sourceDev() == null ? "dev" : null;
            default -> null;
        };
        if (missing != null) {
            throw ParseContext.xmlError("No <source> '" + missing + "' attribute specified with <interface type='"
                + n.type() + "'/>");
        }
    }

    static void format(XmlOut out, InterfaceDef n) {
        format(out, n, false);
    }

    /**
     * @param inactive libvirt's FORMAT_INACTIVE: a generated target name (vnet*, macvtap*,
     *                 macvlan*) of a managed tap is left out, as virDomainNetDefFormat skips it,
     *                 and so is a network port's id
     */
    static void format(XmlOut out, InterfaceDef n, boolean inactive) {
        out.open(2, "interface").attr("type", n.type()).attr("managed", n.managed())
            .attr("trustGuestRxFilters", n.trustGuestRxFilters()).body();
        if (n.mac() != null) {
            out.open(3, "mac").attr("address", n.mac()).attr("type", n.macType()).attr("check", n.macCheck()).end();
        }
        boolean hostdev = "hostdev".equals(n.type());
        if (hostdev) {
            // virDomainHostdevDefFormatSubsys: a hostdev interface's driver comes before its source
            out.elements(n.kept(), "driver", 3);
        }
        boolean hasSource = n.sourceNetwork() != null || n.sourceBridge() != null || n.sourceDev() != null
            || n.sourcePortgroup() != null || n.sourceMode() != null || !n.sourceAttrs().isEmpty()
            || !n.sourceChildren().isEmpty();
        if (hasSource) {
            out.open(3, "source").attr("network", n.sourceNetwork()).attr("portgroup", n.sourcePortgroup())
                .attr("bridge", n.sourceBridge()).attr("dev", n.sourceDev()).attr("mode", n.sourceMode());
            java.util.Map<String, String> attrs = n.sourceAttrs();
            if (inactive && "network".equals(n.type()) && attrs.containsKey("portid")) {
                // virDomainNetDefFormat: a network port's id only in live XML
                attrs = new java.util.LinkedHashMap<>(attrs);
                attrs.remove("portid");
            }
            DevicesXml.writeAttrs(out, attrs);
            XmlOut body = out.child();
            body.elements(n.sourceChildren(), 4);
            out.body(3, "source", body);
        }
        if (n.vlan() != null) {
            out.element(n.vlan(), 3);
        }
        out.elements(n.kept(), "virtualport", 3);
        if (n.bandwidth() != null) {
            out.element(n.bandwidth(), 3);
        }
        out.elements(n.kept(), "port", 3); // virNetworkPortOptionsFormat, right after the bandwidth
        for (String k : new String[] {"ip", "route", "portForward", "script", "downscript", "backenddomain"}) {
            out.elements(n.kept(), k, 3);
        }
        String targetDev = n.targetDev();
        if (inactive && !"no".equals(n.targetManaged()) && isGeneratedName(targetDev, null)) {
            targetDev = null;
        }
        if (targetDev != null || n.targetManaged() != null) {
            out.open(3, "target").attr("dev", targetDev).attr("managed", n.targetManaged()).end();
        }
        out.elements(n.kept(), "guest", 3);
        if (n.model() != null) {
            out.open(3, "model").attr("type", n.model()).end();
        }
        for (String k : new String[] {"driver", "backend", "filterref", "tune", "teaming"}) {
            if (!(hostdev && k.equals("driver"))) {
                out.elements(n.kept(), k, 3);
            }
        }
        if (n.linkState() != null) {
            out.open(3, "link").attr("state", n.linkState()).end();
        }
        if (n.mtu() != null) {
            out.open(3, "mtu").attr("size", n.mtu()).end();
        }
        out.elements(n.kept(), "coalesce", 3);
        DevicesXml.formatInfo(out, n, 3);
        out.close(2, "interface");
    }
}
