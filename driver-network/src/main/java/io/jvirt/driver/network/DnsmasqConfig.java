package io.jvirt.driver.network;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.IpAddressText;
import io.jvirt.api.network.NetworkDef;

/**
 * dnsmasq's configuration for a network, line for line as libvirt's networkDnsmasqConfContents
 * (src/network/bridge_driver.c) writes it, with the DHCP hosts file (dnsmasqDhcpHostsToString) and
 * the additional hosts file (addnhostsWrite) that go with it.
 *
 * <p>One departure, on purpose: every value that reaches a line of the file is refused when it holds
 * a line break or a NUL. libvirt writes them as they are, so a network name or a TXT record with a
 * newline would add dnsmasq options of the author's choosing (dnsmasq runs as root and reads
 * options such as dhcp-script); jvirt refuses such a definition instead.
 */
public final class DnsmasqConfig {

    /**
     * What dnsmasq reads for one network.
     *
     * @param conf      the configuration file's text
     * @param hostsFile the DHCP hosts file's text (one host per line), null when there is no host
     *                  (libvirt then writes an empty file)
     * @param addnHosts the additional hosts file's text (the DNS hosts), empty when there is none
     */
    public record Files(String conf, String hostsFile, String addnHosts) {
    }

    /** Where the files live: libvirt's dnsmasqContext paths, escaped as libvirt escapes them. */
    public record Paths(String hostsFile, String addnHostsFile) {
        /** libvirt's names in a directory: NAME.hostsfile and NAME.addnhosts. */
        public static Paths in(String dir, String networkName) {
            String escaped = escapeName(networkName);
            return new Paths(dir + "/" + escaped + ".hostsfile", dir + "/" + escaped + ".addnhosts");
        }
    }

    private DnsmasqConfig() {
    }

    /**
     * Builds the files of {@code def}, whose bridge is {@code bridge}.
     *
     * @param pidFile the pid-file line's path, or null for none (libvirt's test passes none; the
     *                driver passes its own so that dnsmasq can be found again after a restart)
     */
    public static Files build(NetworkDef def, String bridge, Paths paths, String pidFile) {
        checkLine("name", def.name());
        checkLine("bridge", bridge);
        StringBuilder c = new StringBuilder();
        NetworkDef.Dns dns = def.dns();
        boolean wantDns = !Boolean.FALSE.equals(dns.enable());
        c.append("##WARNING:  THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE\n")
                .append("##OVERWRITTEN AND LOST.  Changes to this configuration should be made using:\n")
                .append("##    virsh net-edit ").append(def.name()).append('\n')
                .append("## or other application using the libvirt API.\n")
                .append("##\n## dnsmasq conf file created by libvirt\n")
                .append("strict-order\n");
        if (!wantDns) {
            c.append("port=0\n");
        }
        if (wantDns && !dns.forwarders().isEmpty()) {
            forwarders(c, dns.forwarders());
        }
        if (def.domain() != null && def.domain().name() != null) {
            String domain = checkLine("domain", def.domain().name());
            if (Boolean.TRUE.equals(def.domain().localOnly())) {
                c.append("local=/").append(domain).append("/\n");
            }
            c.append("domain=").append(domain).append('\n').append("expand-hosts\n");
        }
        if (wantDns) {
            localPtrs(c, def);
        }
        if (wantDns && Boolean.FALSE.equals(dns.forwardPlainNames())) {
            // local=// whether or not a domain is set, unless plain names are to be forwarded
            c.append("domain-needed\n").append("local=//\n");
        }
        if (pidFile != null) {
            c.append("pid-file=").append(checkLine("pid file", pidFile)).append('\n');
        }
        // dnsmasq always listens on loopback unless told not to
        c.append("except-interface=lo\n");
        // --bind-dynamic with only --interface: no answers to queries from outside the bridge
        // (libvirt's answer to CVE-2012-3411)
        c.append("bind-dynamic\n").append("interface=").append(bridge).append('\n');
        if (def.forwardMode() == NetworkDef.ForwardMode.NONE) {
            // isolated: no default route, nothing forwarded to the host's resolvers, and IPv6
            // router advertisements with a zero route lifetime
            c.append("dhcp-option=3\n").append("no-resolv\n").append("ra-param=*,0,0\n");
        }
        if (wantDns) {
            for (NetworkDef.DnsTxt txt : dns.txts()) {
                c.append("txt-record=").append(checkLine("TXT name", txt.name())).append(',')
                        .append(checkLine("TXT value", txt.value())).append('\n');
            }
            for (NetworkDef.DnsSrv srv : dns.srvs()) {
                srv(c, def.name(), srv);
            }
        }

        NetworkDef.Ip ipv4 = null;
        NetworkDef.Ip ipv6 = null;
        boolean enableTftp = false;
        for (NetworkDef.Ip ip : def.ips()) {
            boolean dhcp = !ip.ranges().isEmpty() || !ip.hosts().isEmpty();
            if (!ip.isIpv6()) {
                if (dhcp) {
                    if (ipv4 != null) {
                        throw unsupported("For IPv4, multiple DHCP definitions cannot be specified.");
                    }
                    ipv4 = ip;
                }
                if (ip.tftpRoot() != null) {
                    if (!enableTftp) {
                        c.append("enable-tftp\n");
                        enableTftp = true;
                    }
                    c.append("tftp-root=").append(checkLine("tftp root", ip.tftpRoot())).append('\n');
                }
            } else if (dhcp) {
                if (ipv6 != null) {
                    throw unsupported("For IPv6, multiple DHCP definitions cannot be specified.");
                }
                ipv6 = ip;
            }
        }
        List<String> hosts = new ArrayList<>();
        long leases = dhcp(c, ipv4, bridge, hosts) + dhcp(c, ipv6, bridge, hosts);
        if (leases > 0) {
            c.append("dhcp-lease-max=").append(leases).append('\n');
        }
        if (ipv4 != null || ipv6 != null) {
            // an empty hosts file too, so that hosts can be added at run time
            c.append("dhcp-hostsfile=").append(checkLine("hosts file", paths.hostsFile())).append('\n');
        }
        if (wantDns) {
            c.append("addn-hosts=").append(checkLine("hosts file", paths.addnHostsFile())).append('\n');
        }
        if (def.mtu() > 0) {
            c.append("dhcp-option=option:mtu,").append(def.mtu()).append('\n');
        }
        if (ipv6 != null) {
            c.append("enable-ra\n");
        } else {
            for (NetworkDef.Ip ip : def.ips()) {
                if (ip.isIpv6() && ip.ranges().isEmpty() && ip.hosts().isEmpty()) {
                    c.append("dhcp-range=").append(ip.address()).append(",ra-only\n");
                }
            }
        }
        for (String option : def.dnsmasqOptions()) {
            c.append(checkLine("dnsmasq option", option)).append('\n');
        }
        StringBuilder h = new StringBuilder();
        hosts.forEach(line -> h.append(line).append('\n'));
        return new Files(c.toString(), hosts.isEmpty() ? null : h.toString(), addnHosts(dns));
    }

    /** server= lines; no-resolv once an address serves every domain (the host's resolv.conf is moot). */
    private static void forwarders(StringBuilder c, List<NetworkDef.DnsForwarder> forwarders) {
        boolean noResolv = false;
        for (NetworkDef.DnsForwarder f : forwarders) {
            c.append("server=");
            if (f.domain() != null) {
                c.append('/').append(checkLine("forwarder domain", f.domain())).append('/');
            }
            if (f.addr() != null) {
                c.append(f.addr()).append('\n');
                if (f.domain() == null) {
                    noResolv = true;
                }
            } else {
                c.append("#\n"); // "never forward requests for this domain"
            }
        }
        if (noResolv) {
            c.append("no-resolv\n");
        }
    }

    /** networkDnsmasqConfLocalPTRs: local=/PTR-DOMAIN/ for each address with localPtr='yes'. */
    private static void localPtrs(StringBuilder c, NetworkDef def) {
        for (NetworkDef.Ip ip : def.ips()) {
            if (!Boolean.TRUE.equals(ip.localPtr())) {
                continue;
            }
            int prefix = ip.effectivePrefix();
            String ptr = ptrDomain(address(ip.address()), prefix);
            if (ptr == null) {
                throw unsupported("PTR domain for " + (ip.isIpv6() ? "IPv6" : "IPv4") + " network with prefix "
                        + prefix + " cannot be automatically created");
            }
            c.append("local=/").append(ptr).append("/\n");
        }
    }

    /** virSocketAddrPTRDomain: the reverse zone of a prefix on an octet (IPv4) or nibble (IPv6) boundary. */
    static String ptrDomain(IpAddressText.Address a, int prefix) {
        StringBuilder b = new StringBuilder();
        byte[] bytes = a.bytes();
        if (a.family() == IpAddressText.Family.IPV4) {
            if (prefix <= 0 || prefix >= 32 || prefix % 8 != 0) {
                return null;
            }
            for (int i = prefix / 8; i > 0; i--) {
                b.append(bytes[i - 1] & 0xff).append('.');
            }
            return b.append("in-addr.arpa").toString();
        }
        if (prefix <= 0 || prefix >= 128 || prefix % 4 != 0) {
            return null;
        }
        for (int i = prefix / 4; i > 0; i--) {
            int octet = bytes[(i - 1) / 2] & 0xff;
            int nibble = (i - 1) % 2 == 0 ? octet >> 4 : octet & 0xf;
            b.append(Integer.toHexString(nibble)).append('.');
        }
        return b.append("ip6.arpa").toString();
    }

    /** srv-host=_service._protocol[.domain][,target[,port[,priority[,weight]]]] as libvirt fills the gaps. */
    private static void srv(StringBuilder c, String network, NetworkDef.DnsSrv s) {
        if (s.service() == null || s.protocol() == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK,
                    "Missing required 'service' attribute in SRV record of network '" + network + "'");
        }
        c.append("srv-host=_").append(checkLine("SRV service", s.service())).append("._")
                .append(checkLine("SRV protocol", s.protocol()));
        if (s.domain() != null) {
            c.append('.').append(checkLine("SRV domain", s.domain()));
        }
        // an empty target or "." means the service is decidedly not available (RFC 2782)
        if (s.target() != null && !s.target().equals(".")) {
            c.append(',').append(checkLine("SRV target", s.target()));
            if (s.port() != 0 || s.priority() != 0 || s.weight() != 0) {
                c.append(',').append(s.port() != 0 ? s.port() : 1); // dnsmasq's default port is 1
            }
            if (s.priority() != 0 || s.weight() != 0) {
                c.append(',').append(s.priority());
            }
            if (s.weight() != 0) {
                c.append(',').append(s.weight());
            }
        }
        c.append('\n');
    }

    /**
     * networkDnsmasqConfDHCP: the ranges (with a netmask for IPv4, a prefix for IPv6), a static
     * range when there are hosts only, the hosts file lines, and IPv4's authority and boot lines.
     * Returns the number of addresses the ranges hold (dhcp-lease-max).
     */
    private static long dhcp(StringBuilder c, NetworkDef.Ip ip, String bridge, List<String> hosts) {
        if (ip == null) {
            return 0;
        }
        int prefix = ip.effectivePrefix();
        if (prefix < 0) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK,
                    "bridge '" + bridge + "' has an invalid prefix");
        }
        long leases = 0;
        for (NetworkDef.DhcpRange r : ip.ranges()) {
            c.append("dhcp-range=").append(r.start()).append(',').append(r.end()).append(',');
            c.append(ip.isIpv6() ? Integer.toString(prefix) : netmask(prefix));
            String lease = leaseTime(r.lease());
            if (lease != null) {
                c.append(',').append(lease);
            }
            c.append('\n');
            leases += rangeSize(address(r.start()), address(r.end()));
        }
        if (ip.ranges().isEmpty() && !ip.hosts().isEmpty()) {
            // static-only DHCP still needs a range for dnsmasq to serve the hosts file
            c.append("dhcp-range=").append(ip.address()).append(",static");
            if (ip.isIpv6()) {
                c.append(',').append(prefix);
            }
            c.append('\n');
        }
        for (NetworkDef.DhcpHost host : ip.hosts()) {
            if (host.ip() != null) {
                hosts.add(hostLine(host, ip.isIpv6()));
            }
        }
        if (!ip.isIpv6()) {
            if (!ip.ranges().isEmpty() || !ip.hosts().isEmpty()) {
                c.append("dhcp-no-override\n").append("dhcp-authoritative\n");
            }
            if (ip.bootpFile() != null) {
                c.append("dhcp-boot=").append(checkLine("bootp file", ip.bootpFile()));
                if (ip.bootpServer() != null) {
                    c.append(",,").append(ip.bootpServer());
                }
                c.append('\n');
            }
        }
        return leases;
    }

    /** hostsfileAdd: one dhcp-hostsfile line. */
    private static String hostLine(NetworkDef.DhcpHost h, boolean ipv6) {
        String name = h.name() == null ? null : checkLine("host name", h.name());
        String id = h.id() == null ? null : checkLine("host id", h.id());
        StringBuilder b = new StringBuilder();
        if (ipv6) {
            if (name != null && id != null) {
                b.append("id:").append(id).append(',').append(name);
            } else if (name != null) {
                b.append(name);
            } else if (id != null) {
                b.append("id:").append(id);
            }
            b.append(",[").append(h.ip()).append(']');
        } else if (name != null && h.mac() != null) {
            b.append(h.mac()).append(',').append(h.ip()).append(',').append(name);
        } else if (name != null) {
            b.append(name).append(',').append(h.ip());
        } else {
            b.append(h.mac()).append(',').append(h.ip());
        }
        String lease = leaseTime(h.lease());
        if (lease != null) {
            b.append(',').append(lease);
        }
        return b.toString();
    }

    /** networkBuildDnsmasqLeaseTime: "infinite" or the number with the unit's first letter. */
    static String leaseTime(NetworkDef.Lease lease) {
        if (lease == null) {
            return null;
        }
        if (lease.expiry() == 0) {
            return "infinite";
        }
        return lease.expiry() + lease.unit().substring(0, 1);
    }

    /** The addn-hosts file: each address once, tab-separated names, each followed by a tab. */
    private static String addnHosts(NetworkDef.Dns dns) {
        StringBuilder b = new StringBuilder();
        List<String> ips = new ArrayList<>();
        List<StringBuilder> lines = new ArrayList<>();
        for (NetworkDef.DnsHost host : dns.hosts()) {
            if (host.ip() == null) {
                continue;
            }
            int at = ips.indexOf(host.ip());
            if (at < 0) {
                ips.add(host.ip());
                lines.add(new StringBuilder(host.ip()).append('\t'));
                at = ips.size() - 1;
            }
            for (String name : host.hostnames()) {
                lines.get(at).append(checkLine("DNS host name", name)).append('\t');
            }
        }
        lines.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    /** virSocketAddrGetRange's count: only the last 16 bits differ (libvirt's legacy check). */
    static long rangeSize(IpAddressText.Address start, IpAddressText.Address end) {
        byte[] s = start.bytes();
        byte[] e = end.bytes();
        int n = s.length;
        long size = (((e[n - 2] & 0xff) << 8) | (e[n - 1] & 0xff)) - (((s[n - 2] & 0xff) << 8) | (s[n - 1] & 0xff));
        if (s.length == 4) {
            // IPv4 counts (third byte difference) * 256 + (fourth byte difference), as libvirt does
            size = ((e[2] & 0xff) - (s[2] & 0xff)) * 256L + ((e[3] & 0xff) - (s[3] & 0xff));
        }
        return size + 1;
    }

    /** The dotted netmask of an IPv4 prefix (dnsmasq wants a netmask, not a prefix). */
    static String netmask(int prefix) {
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return ((mask >> 24) & 0xff) + "." + ((mask >> 16) & 0xff) + "." + ((mask >> 8) & 0xff) + "." + (mask & 0xff);
    }

    private static IpAddressText.Address address(String text) {
        IpAddressText.Address a = IpAddressText.parse(text, null);
        if (a == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK, "invalid address '" + text + "'");
        }
        return a;
    }

    /** libvirt's virBufferEscapeString on a name in a path: XML's five entities, control characters dropped. */
    static String escapeName(String name) {
        StringBuilder b = new StringBuilder();
        for (char ch : name.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r') {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    /** A value on a line of its own: no line break, no NUL (see the class comment). */
    private static String checkLine(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\n' || ch == '\r' || ch == '\0') {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK,
                        "the network's " + what + " holds a line break, which dnsmasq's configuration cannot carry");
            }
        }
        return value;
    }

    private static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK, detail);
    }
}
