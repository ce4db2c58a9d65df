package io.jvirt.api.network;

import io.jvirt.api.network.NetworkDef.ForwardMode;
import io.jvirt.api.xml.XmlOut;

/** virNetworkDefFormatBuf: libvirt's element order and defaults. */
final class NetworkFormatter {

    private NetworkFormatter() {
    }

    static String format(NetworkDef def, boolean inactive) {
        XmlOut out = new XmlOut();
        out.open(0, "network");
        if (!def.dnsmasqOptions().isEmpty()) {
            out.attr("xmlns:dnsmasq", NetworkDef.DNSMASQ_NAMESPACE);
        }
        if (def.ipv6()) {
            out.attr("ipv6", "yes");
        }
        out.yesNo("trustGuestRxFilters", def.trustGuestRxFilters());
        out.body();
        out.leaf(1, "name", def.name());
        out.leaf(1, "uuid", def.uuid().toString());
        out.leaf(1, "title", def.title());
        out.leaf(1, "description", def.description());
        if (def.metadata() != null) {
            out.metadata(def.metadata(), 1);
        }
        forward(out, def.forward(), inactive);
        NetworkDef.Bridge b = def.bridge();
        boolean hasBridge = def.forwardMode().hasBridge();
        if (hasBridge || b.name() != null || b.macTableManager() != null) {
            out.open(1, "bridge").attr("name", b.name()).attr("zone", b.zone());
            if (hasBridge) {
                out.attr("stp", b.stp() ? "on" : "off").attr("delay", Long.toString(b.delay()));
            }
            out.attr("macTableManager", b.macTableManager()).end();
        }
        if (def.mtu() != 0) {
            out.open(1, "mtu").attr("size", Long.toString(def.mtu())).end();
        }
        if (def.mac() != null) {
            out.open(1, "mac").attr("address", def.mac()).end();
        }
        if (def.domain() != null) {
            out.open(1, "domain").attr("name", def.domain().name()).yesNo("localOnly", def.domain().localOnly())
                .yesNo("register", def.domain().register()).end();
        }
        dns(out, def.dns());
        vlan(out, 1, def.vlan());
        if (def.bandwidth() != null) {
            Bandwidths.format(out, 1, def.bandwidth());
        }
        if (def.portIsolated() != null) {
            out.open(1, "port").yesNo("isolated", def.portIsolated()).end();
        }
        for (NetworkDef.Ip ip : def.ips()) {
            ip(out, ip);
        }
        for (NetworkDef.Route r : def.routes()) {
            out.open(1, "route").attr("family", r.family()).attr("address", r.address()).attr("netmask", r.netmask())
                .attr("prefix", r.prefix()).attr("gateway", r.gateway());
            if (r.metric() != null && r.metric() > 0) {
                out.attr("metric", r.metric());
            }
            out.end();
        }
        VirtualPorts.format(out, 1, def.virtualport());
        for (NetworkDef.PortGroup pg : def.portGroups()) {
            out.open(1, "portgroup").attr("name", pg.name());
            if (pg.isDefault()) {
                out.attr("default", "yes");
            }
            out.yesNo("trustGuestRxFilters", pg.trustGuestRxFilters());
            XmlOut body = out.child();
            vlan(body, 2, pg.vlan());
            VirtualPorts.format(body, 2, pg.virtualport());
            if (pg.bandwidth() != null) {
                Bandwidths.format(body, 2, pg.bandwidth());
            }
            // libvirt always writes the portgroup with a body, even an empty one
            out.body();
            out.raw(body);
            out.close(1, "portgroup");
        }
        if (!def.dnsmasqOptions().isEmpty()) {
            out.open(1, "dnsmasq:options").body();
            for (String o : def.dnsmasqOptions()) {
                out.open(2, "dnsmasq:option").attr("value", o).end();
            }
            out.close(1, "dnsmasq:options");
        }
        out.close(0, "network");
        return out.toString();
    }

    private static void forward(XmlOut out, NetworkDef.Forward f, boolean inactive) {
        if (f == null || f.mode() == ForwardMode.NONE) {
            return;
        }
        out.open(1, "forward");
        if (f.pf() == null) {
            out.attr("dev", f.dev());
        }
        out.attr("mode", f.mode().xml());
        if (f.mode() == ForwardMode.HOSTDEV) {
            out.attr("managed", f.managed() ? "yes" : "no");
        }
        boolean shortForward = f.interfaces().isEmpty() && f.pf() == null && f.natStart() == null
            && f.natEnd() == null && f.portStart() == 0 && f.portEnd() == 0 && f.driverName() == null
            && f.driverModel() == null
            && f.natIpv6() == null;
        if (shortForward) {
            out.end();
            return;
        }
        out.body();
        if (f.driverName() != null || f.driverModel() != null) {
            out.open(2, "driver").attr("name", f.driverName()).attr("model", f.driverModel()).end();
        }
        if (f.mode() == ForwardMode.NAT) {
            nat(out, f);
        }
        if (f.pf() != null) {
            out.open(2, "pf").attr("dev", f.pf()).end();
        }
        if (!f.interfaces().isEmpty() && (f.pf() == null || !inactive)) {
            for (NetworkDef.ForwardInterface i : f.interfaces()) {
                if (i.dev() != null) {
                    out.open(2, "interface").attr("dev", i.dev()).end();
                } else {
                    NetworkDef.PciAddress p = i.pci();
                    out.open(2, "address").attr("type", "pci").attr("domain", String.format("0x%04x", p.domain()))
                        .attr("bus", String.format("0x%02x", p.bus())).attr("slot", String.format("0x%02x", p.slot()))
                        .attr("function", "0x" + p.function()).end();
                }
            }
        }
        out.close(1, "forward");
    }

    private static void nat(XmlOut out, NetworkDef.Forward f) {
        boolean noRanges = f.natStart() == null && f.natEnd() == null && f.portStart() == 0 && f.portEnd() == 0;
        if (noRanges && f.natIpv6() == null) {
            return;
        }
        out.open(2, "nat").yesNo("ipv6", f.natIpv6());
        if (noRanges) {
            out.end();
            return;
        }
        out.body();
        if (f.natStart() != null) {
            out.open(3, "address").attr("start", f.natStart()).attr("end", f.natEnd()).end();
        }
        if (f.portStart() != 0 || f.portEnd() != 0) {
            out.open(3, "port").attr("start", Long.toString(f.portStart()));
            if (f.portEnd() != 0) {
                out.attr("end", Long.toString(f.portEnd()));
            }
            out.end();
        }
        out.close(2, "nat");
    }

    private static void dns(XmlOut out, NetworkDef.Dns d) {
        if (d.isEmpty()) {
            return;
        }
        out.open(1, "dns").yesNo("enable", d.enable()).yesNo("forwardPlainNames", d.forwardPlainNames());
        if (d.forwarders().isEmpty() && d.hosts().isEmpty() && d.srvs().isEmpty() && d.txts().isEmpty()) {
            out.end();
            return;
        }
        out.body();
        for (NetworkDef.DnsForwarder f : d.forwarders()) {
            out.open(2, "forwarder").attr("domain", f.domain()).attr("addr", f.addr()).end();
        }
        for (NetworkDef.DnsTxt t : d.txts()) {
            out.open(2, "txt").attr("name", t.name()).attr("value", t.value()).end();
        }
        for (NetworkDef.DnsSrv s : d.srvs()) {
            out.open(2, "srv").attr("service", s.service()).attr("protocol", s.protocol()).attr("domain", s.domain())
                .attr("target", s.target());
            if (s.port() != 0) {
                out.attr("port", Long.toString(s.port()));
            }
            if (s.priority() != 0) {
                out.attr("priority", Long.toString(s.priority()));
            }
            if (s.weight() != 0) {
                out.attr("weight", Long.toString(s.weight()));
            }
            out.end();
        }
        for (NetworkDef.DnsHost h : d.hosts()) {
            out.open(2, "host").attr("ip", h.ip()).body();
            for (String n : h.hostnames()) {
                out.leaf(3, "hostname", n);
            }
            out.close(2, "host");
        }
        out.close(1, "dns");
    }

    private static void ip(XmlOut out, NetworkDef.Ip ip) {
        out.open(1, "ip").attr("family", ip.family()).attr("address", ip.address()).attr("netmask", ip.netmask());
        if (ip.prefix() > 0) {
            out.attr("prefix", Long.toString(ip.prefix()));
        }
        out.yesNo("localPtr", ip.localPtr());
        // libvirt always writes <ip> with a body, even an empty one
        out.body();
        if (ip.tftpRoot() != null) {
            out.open(2, "tftp").attr("root", ip.tftpRoot()).end();
        }
        if (!ip.ranges().isEmpty() || !ip.hosts().isEmpty()) {
            out.open(2, "dhcp").body();
            for (NetworkDef.DhcpRange r : ip.ranges()) {
                out.open(3, "range").attr("start", r.start()).attr("end", r.end());
                leaseBody(out, r.lease(), "range");
            }
            for (NetworkDef.DhcpHost h : ip.hosts()) {
                out.open(3, "host").attr("mac", h.mac()).attr("id", h.id()).attr("name", h.name()).attr("ip", h.ip());
                leaseBody(out, h.lease(), "host");
            }
            if (ip.bootpFile() != null) {
                out.open(3, "bootp").attr("file", ip.bootpFile()).attr("server", ip.bootpServer()).end();
            }
            out.close(2, "dhcp");
        }
        out.close(1, "ip");
    }

    private static void leaseBody(XmlOut out, NetworkDef.Lease lease, String element) {
        if (lease == null) {
            out.end();
            return;
        }
        out.body();
        out.open(4, "lease").attr("expiry", Long.toUnsignedString(lease.expiry()));
        if (lease.expiry() != 0) {
            out.attr("unit", lease.unit());
        }
        out.end();
        out.close(3, element);
    }

    /** virNetDevVlanFormat. */
    private static void vlan(XmlOut out, int level, NetworkDef.Vlan v) {
        if (v == null || v.tags().isEmpty()) {
            return;
        }
        out.open(level, "vlan");
        if (v.trunk()) {
            out.attr("trunk", "yes");
        }
        out.body();
        for (Long tag : v.tags()) {
            out.open(level + 1, "tag").attr("id", tag);
            if (v.nativeMode() != null && v.nativeTag() == tag) {
                out.attr("nativeMode", v.nativeMode());
            }
            out.end();
        }
        out.close(level, "vlan");
    }

}
