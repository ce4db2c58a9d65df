package io.jvirt.driver.network;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.jvirt.api.network.NetworkDef;
import io.jvirt.core.kit.AtomicFiles;

/**
 * Forwarding for nat and route networks through nftables, in one table of the driver's own per
 * network ({@code jvirt_net_UUID}), so that removing the network removes every rule it added and
 * nothing else: libvirt's rules in spirit (its nftables backend): traffic from the network's
 * subnets out through the forward device (any when none is named), replies back in, traffic
 * between guests of the bridge, everything else to or from the bridge rejected; for nat,
 * masquerading of what leaves the subnet (ports 1024-65535 for TCP and UDP, as libvirt), never of
 * multicast or broadcast. IPv4 forwarding is switched on (and IPv6 where the network has IPv6
 * addresses), as libvirt does. open, bridge and isolated networks get no table.
 */
final class NftForwarding {

    private final HostNet net;
    private final Path runDir;

    NftForwarding(HostNet net, Path runDir) {
        this.net = net;
        this.runDir = runDir;
    }

    /** The table's name: only letters, digits and '_' reach nft. */
    static String table(NetworkDef def) {
        return "jvirt_net_" + def.uuid().toString().replace("-", "");
    }

    static boolean wanted(NetworkDef def) {
        NetworkDef.ForwardMode m = def.forwardMode();
        return (m == NetworkDef.ForwardMode.NAT || m == NetworkDef.ForwardMode.ROUTE) && !def.ips().isEmpty();
    }

    /** The nft script of the network's table (deleting an older one of the same name first). */
    static String script(NetworkDef def, String bridge) {
        String t = table(def);
        String dev = def.forward() == null ? null : def.forward().dev();
        String out = dev == null ? "" : " oifname \"" + BridgeDevice.checkName(dev) + "\"";
        String in = dev == null ? "" : " iifname \"" + dev + "\"";
        String br = "\"" + bridge + "\"";
        StringBuilder s = new StringBuilder();
        s.append("table inet ").append(t).append(" {}\n");
        s.append("delete table inet ").append(t).append('\n');
        s.append("table inet ").append(t).append(" {\n");
        s.append("  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        for (NetworkDef.Ip ip : def.ips()) {
            String fam = ip.isIpv6() ? "ip6" : "ip";
            String subnet = subnet(ip);
            s.append("    iifname ").append(br).append(out).append(' ').append(fam).append(" saddr ").append(subnet).append(" accept\n");
            s.append("   ").append(in).append(" oifname ").append(br).append(' ').append(fam).append(" daddr ").append(subnet);
            if (def.forwardMode() == NetworkDef.ForwardMode.NAT) {
                s.append(" ct state related,established");
            }
            s.append(" accept\n");
        }
        s.append("    iifname ").append(br).append(" oifname ").append(br).append(" accept\n");
        s.append("    iifname ").append(br).append(" reject\n");
        s.append("    oifname ").append(br).append(" reject\n");
        s.append("  }\n");
        if (def.forwardMode() == NetworkDef.ForwardMode.NAT) {
            s.append("  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n");
            for (NetworkDef.Ip ip : def.ips()) {
                if (ip.isIpv6() && !Boolean.TRUE.equals(def.forward().natIpv6())) {
                    continue;
                }
                String fam = ip.isIpv6() ? "ip6" : "ip";
                String subnet = subnet(ip);
                String from = "    " + fam + " saddr " + subnet;
                if (!ip.isIpv6()) {
                    s.append(from).append(" ip daddr 224.0.0.0/24 return\n");
                    s.append(from).append(" ip daddr 255.255.255.255 return\n");
                }
                NetworkDef.Forward f = def.forward();
                String ports = f.portStart() > 0 ? f.portStart() + "-" + f.portEnd() : "1024-65535";
                // an address range (IPv4 only in libvirt) is SNAT to it; otherwise masquerading
                String to = ip.isIpv6() || f.natStart() == null ? null
                        : f.natStart() + (f.natEnd() == null ? "" : "-" + f.natEnd());
                String leaving = from + ' ' + fam + " daddr != " + subnet + out;
                s.append(leaving).append(" meta l4proto { tcp, udp } ")
                        .append(to == null ? "masquerade to :" + ports : "snat ip to " + to + ":" + ports).append('\n');
                s.append(leaving).append(' ').append(to == null ? "masquerade" : "snat ip to " + to).append('\n');
            }
            s.append("  }\n");
        }
        s.append("}\n");
        return s.toString();
    }

    /** The subnet of an address: the address masked to its prefix, as nft wants it. */
    static String subnet(NetworkDef.Ip ip) {
        return masked(ip.address(), ip.effectivePrefix()) + "/" + ip.effectivePrefix();
    }

    /** {@code address} with every bit after {@code prefix} cleared, in canonical text. */
    static String masked(String address, int prefix) {
        io.jvirt.api.domain.IpAddressText.Address a = io.jvirt.api.domain.IpAddressText.parse(address, null);
        byte[] b = a.bytes().clone();
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] = (byte) (b[i] & (0xff << (8 - keep)));
        }
        return new io.jvirt.api.domain.IpAddressText.Address(a.family(), b, 0).format();
    }

    /** Installs the table and switches forwarding on. */
    void apply(NetworkDef def, String bridge) {
        Path file = runDir.resolve(def.uuid() + ".nft");
        AtomicFiles.write(file, script(def, bridge).getBytes(StandardCharsets.UTF_8), false);
        try {
            net.run("nft", "-f", file.toString());
        } finally {
            AtomicFiles.deleteQuietly(file);
        }
        net.run("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        if (def.ips().stream().anyMatch(NetworkDef.Ip::isIpv6)) {
            net.run("sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        }
    }

    /** Removes the table; quiet when it is not there. */
    void remove(NetworkDef def) {
        if (net.result("nft", "list", "table", "inet", table(def)).status() == 0) {
            net.run("nft", "delete", "table", "inet", table(def));
        }
    }

    /** Whether the network's table is installed. */
    boolean present(NetworkDef def) {
        return net.result("nft", "list", "table", "inet", table(def)).status() == 0;
    }
}
