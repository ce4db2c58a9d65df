package io.jvirt.driver.lxc;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.MacAddress;
import io.jvirt.driver.lxc.LxcConfigFile.Entry;

/**
 * The networks of an LXC tools config as libvirt's lxc_native.c reads them
 * ({@code lxcConvertNetworkSettings} and its helpers) and the devices they become:
 * <ul>
 * <li>{@code lxc.network.*} (LXC 2.x): each {@code type} line starts a network, the other keys
 *     go to the last one started (a key before any type is an error); {@code lxc.net.N.*} (3.x):
 *     by index N. A 2.x network's index is its position (1-based), so {@code lxc.net.1.*} lines
 *     join the first {@code lxc.network.type} one, as in libvirt.</li>
 * <li>keys: type, link, hwaddr, flags, macvlan.mode, vlan.id, name, ipv4 / ipv4.address, ipv6 /
 *     ipv6.address (each "address/prefix", repeatable), ipv4.gateway, ipv6.gateway; any other
 *     key (mtu, veth.pair, script.up ...) fails the conversion, as libvirt's does.</li>
 * <li>type veth: {@code <interface type='bridge'>} on the link, {@code type='ethernet'} without
 *     one; macvlan: {@code <interface type='direct'>} on the link (required), mode private
 *     (default), vepa or bridge (another mode is vepa, libvirt's zero value); phys: a
 *     {@code <hostdev mode='capabilities' type='net'>} of the link; vlan: the same of
 *     "link.vlan-id" (the host must have made that device); empty, none and no type: no device.
 *     Other types (vxlan, ipvlan ...) are refused by name: libvirt's C leaves such a network at
 *     its zero type, a user-mode interface the container never asked for.</li>
 * <li>hwaddr: the MAC when it reads as one (else ignored, as libvirt does); flags "up": link up,
 *     anything else down; name: the guest-side device; gateways: default routes.</li>
 * <li>no network line at all: the container gets a private network namespace with only its
 *     loopback ({@code <privnet/>}); any network line, even of type none or empty, drops it.</li>
 * </ul>
 */
final class LxcNetworks {

    /** libvirt's virLXCNetworkConfigEntry names. */
    private static final List<String> KEYS = List.of("name", "type", "link", "hwaddr", "flags", "macvlan.mode",
        "vlan.id", "ipv4", "ipv4.gateway", "ipv4.address", "ipv6", "ipv6.gateway", "ipv6.address");

    /** One network's settings (lxcNetworkParseData). */
    private static final class Nic {
        final long index;
        Entry type;
        Entry link;
        Entry mac;
        Entry flag;
        Entry macvlanMode;
        Entry vlanId;
        Entry name;
        Entry gateway4;
        Entry gateway6;
        final List<String> ips = new ArrayList<>();

        Nic(long index) {
            this.index = index;
        }
    }

    private final List<Nic> nics = new ArrayList<>();
    private final StringBuilder interfaces = new StringBuilder();
    private final StringBuilder hostdevs = new StringBuilder();

    private LxcNetworks() {
    }

    /** Reads every network line of the config and builds the devices (errors in libvirt's order). */
    static LxcNetworks of(LxcConfigFile conf) {
        LxcNetworks n = new LxcNetworks();
        for (Entry e : conf.entries()) {
            if (e.name().startsWith("lxc.network.")) {
                n.legacy(e);
            } else if (e.name().startsWith("lxc.net.")) {
                n.indexed(e);
            }
        }
        for (Nic nic : n.nics) {
            n.device(nic);
        }
        return n;
    }

    /** No network line at all: LXC gives the container only a loopback, libvirt's privnet. */
    boolean privnet() {
        return nics.isEmpty();
    }

    /** The {@code <interface>} elements, in the config's order of networks. */
    String interfaces() {
        return interfaces.toString();
    }

    /** The {@code <hostdev>} elements (phys and vlan networks), in the config's order. */
    String hostdevs() {
        return hostdevs.toString();
    }

    private static VirtException unknownCause(Entry e, String what) {
        // libvirt fails here without saying why ("An error occurred, but the cause is unknown")
        return LxcNativeConfig.error(ErrorCode.INTERNAL_ERROR, e, what);
    }

    private void legacy(Entry e) {
        String suffix = e.name().substring("lxc.network.".length());
        Nic nic;
        if ("type".equals(suffix)) {
            nic = new Nic(nics.size() + 1L);
            nics.add(nic);
        } else if (nics.isEmpty()) {
            throw unknownCause(e, "a network setting comes before the network's type line");
        } else {
            nic = nics.get(nics.size() - 1);
        }
        set(nic, suffix, e);
    }

    private void indexed(Entry e) {
        String rest = e.name().substring("lxc.net.".length());
        LibvirtNumbers.Unsigned p = LibvirtNumbers.ullPrefix(rest);
        if (p == null || !p.rest().startsWith(".")) {
            throw unknownCause(e, "the network setting has no network index");
        }
        long index = p.value();
        Nic nic = null;
        for (Nic n : nics) {
            if (n.index == index) {
                nic = n;
                break;
            }
        }
        if (nic == null) {
            nic = new Nic(index);
            nics.add(nic);
        }
        set(nic, p.rest().substring(1), e);
    }

    /** lxcNetworkParseDataSuffix: a later line of the same key replaces an earlier one, addresses add up. */
    private static void set(Nic nic, String key, Entry e) {
        if (!KEYS.contains(key)) {
            throw unknownCause(e, "unsupported network setting");
        }
        switch (key) {
            case "type" -> nic.type = e;
            case "link" -> nic.link = e;
            case "hwaddr" -> nic.mac = e;
            case "flags" -> nic.flag = e;
            case "macvlan.mode" -> nic.macvlanMode = e;
            case "vlan.id" -> nic.vlanId = e;
            case "name" -> nic.name = e;
            case "ipv4.gateway" -> nic.gateway4 = e;
            case "ipv6.gateway" -> nic.gateway6 = e;
            default -> nic.ips.add(ip(e, key.startsWith("ipv6")));
        }
    }

    /** lxcNetworkParseDataIPs: "address/prefix", the address of the key's family. */
    private static String ip(Entry e, boolean v6) {
        String v = e.value();
        int slash = v.indexOf('/');
        String addr = slash < 0 ? null : v6 ? InetText.ipv6(v.substring(0, slash)) : InetText.ipv4(v.substring(0, slash));
        Long prefix = slash < 0 ? null : LibvirtNumbers.ui(v.substring(slash + 1));
        if (addr == null || prefix == null) {
            throw LxcNativeConfig.error(ErrorCode.INVALID_ARG, e, "Invalid CIDR address");
        }
        // libvirt takes any unsigned int here and writes a domain its own parser refuses
        if (prefix > (v6 ? 128 : 32)) {
            throw LxcNativeConfig.error(ErrorCode.XML_ERROR, e, "Invalid prefix value in <ip>");
        }
        // a zero prefix is libvirt's "none given": it writes no prefix attribute
        return "      <ip address='" + addr + "' family='" + (v6 ? "ipv6" : "ipv4") + "'"
            + (prefix == 0 ? "" : " prefix='" + prefix + "'") + "/>\n";
    }

    /** lxcAddNetworkDefinition. */
    private void device(Nic nic) {
        String type = nic.type == null ? null : nic.type.value();
        if (type == null || type.isEmpty() || "empty".equals(type) || "none".equals(type)) {
            return;
        }
        if ("phys".equals(type) || "vlan".equals(type)) {
            if (nic.link == null) {
                throw LxcNativeConfig.error(ErrorCode.CONFIG_UNSUPPORTED, nic.type, "Missing 'link' attribute for NIC");
            }
            String iface = nic.link.value();
            if ("vlan".equals(type) && nic.vlanId != null) {
                iface = iface + "." + nic.vlanId.value(); // the host must have made this vlan device
            }
            LxcNativeConfig.schema(LxcNativeConfig.deviceName(iface), nic.vlanId != null && !LxcNativeConfig.deviceName(
                nic.vlanId.value()) ? nic.vlanId : nic.link, "the host interface name");
            hostdevs.append("    <hostdev mode='capabilities' type='net'>\n      <source>\n        <interface>")
                .append(LxcNativeConfig.esc(iface)).append("</interface>\n      </source>\n");
            nic.ips.forEach(hostdevs::append);
            routes(hostdevs, nic);
            hostdevs.append("    </hostdev>\n");
            return;
        }
        StringBuilder x = new StringBuilder();
        String mac = nic.mac == null ? null : MacAddress.canonical(nic.mac.value());
        if (mac != null && (Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
            // libvirt's converter keeps it and writes a domain its parser refuses
            throw LxcNativeConfig.error(ErrorCode.XML_ERROR, nic.mac, "expected unicast mac address, found multicast");
        }
        if ("veth".equals(type)) {
            x.append("    <interface type='").append(nic.link == null ? "ethernet" : "bridge").append("'>\n");
            if (nic.link != null) {
                LxcNativeConfig.schema(nic.link.value().matches("[a-zA-Z0-9_.\\-\\\\:/ ]*"), nic.link, "the bridge name");
                x.append("      <source bridge='").append(LxcNativeConfig.esc(nic.link.value())).append("'/>\n");
            }
        } else if ("macvlan".equals(type)) {
            if (nic.link == null) {
                throw LxcNativeConfig.error(ErrorCode.CONFIG_UNSUPPORTED, nic.type, "Missing 'link' attribute for NIC");
            }
            LxcNativeConfig.schema(LxcNativeConfig.deviceName(nic.link.value()), nic.link, "the host interface name");
            String mode = nic.macvlanMode == null ? "private" : switch (nic.macvlanMode.value()) {
                case "private" -> "private";
                case "bridge" -> "bridge";
                default -> "vepa"; // vepa, and libvirt's zero value for a mode it does not know
            };
            x.append("    <interface type='direct'>\n      <source dev='").append(LxcNativeConfig.esc(nic.link.value()))
                .append("' mode='").append(mode).append("'/>\n");
        } else {
            throw LxcNativeConfig.error(ErrorCode.CONFIG_UNSUPPORTED, nic.type, "the network type is not supported");
        }
        if (mac != null) {
            x.append("      <mac address='").append(mac).append("'/>\n");
        }
        nic.ips.forEach(x::append);
        routes(x, nic);
        if (nic.name != null) {
            LxcNativeConfig.schema(LxcNativeConfig.deviceName(nic.name.value()), nic.name, "the guest interface name");
            x.append("      <guest dev='").append(LxcNativeConfig.esc(nic.name.value())).append("'/>\n");
        }
        boolean up = nic.flag != null && "up".equals(nic.flag.value());
        x.append("      <link state='").append(up ? "up" : "down").append("'/>\n    </interface>\n");
        interfaces.append(x);
    }

    /** lxcAddNetworkRouteDefinition: a default route through each gateway, checked as virNetDevIPRouteCreate checks it. */
    private static void routes(StringBuilder x, Nic nic) {
        route(x, nic.gateway4, false);
        route(x, nic.gateway6, true);
    }

    private static void route(StringBuilder x, Entry gateway, boolean v6) {
        if (gateway == null) {
            return;
        }
        String any = InetText.any(gateway.value());
        if (any == null) {
            throw routeError(gateway, "Domain interface: Bad gateway address in route definition");
        }
        String family = v6 ? InetText.ipv6(gateway.value()) : InetText.ipv4(gateway.value());
        if (family == null) {
            throw routeError(gateway, "Domain interface: " + (v6 ? "IPv6" : "IPv4") + " family specified for non-"
                + (v6 ? "IPv6" : "IPv4") + " gateway in route definition");
        }
        x.append("      <route family='").append(v6 ? "ipv6" : "ipv4").append("' address='").append(v6 ? "::" : "0.0.0.0")
            .append("' gateway='").append(family).append("'/>\n");
    }

    private static VirtException routeError(Entry e, String what) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NETWORK, "line " + e.line() + ": " + what);
    }
}
