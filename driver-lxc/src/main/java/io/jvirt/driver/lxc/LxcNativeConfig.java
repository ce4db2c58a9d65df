package io.jvirt.driver.lxc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.DomainXml;

/**
 * {@code domxml-from-native lxc-tools}: an LXC tools container config (both the 2.x keys,
 * {@code lxc.network.*}, {@code lxc.rootfs}, {@code lxc.utsname}, and the 3.x keys,
 * {@code lxc.net.N.*}, {@code lxc.rootfs.path}, {@code lxc.uts.name}) to domain XML, after
 * libvirt's lxc_native.c. The XML is written as text (every value escaped) and then parsed and
 * formatted by the domain model, so the result is in libvirt's canonical layout; that result is
 * parsed once more before it is returned, and must come out unchanged.
 *
 * <p>The config may be any file a console user names, so no error quotes its content: an error
 * names the line (and, for a value that does not parse, the lxc key the driver looked for).
 */
final class LxcNativeConfig {

    /** One network of the config, in the order the config introduces them. */
    private static final class Net {
        final Map<String, String> keys = new LinkedHashMap<>();
        final Map<String, Entry> lines = new LinkedHashMap<>();
        final List<String> ipv4 = new ArrayList<>();
        final List<String> ipv6 = new ArrayList<>();
    }

    /** One {@code key = value} line and its number (1-based). */
    private record Entry(String key, String value, int line) {
    }

    /** More consoles than this is no container anyone runs, and each costs the server memory. */
    static final int MAX_TTYS = 1024;

    private final List<Entry> entries = new ArrayList<>();
    private final List<Net> nets = new ArrayList<>();
    private final Map<String, Net> netsByIndex = new LinkedHashMap<>();

    private LxcNativeConfig(String config) {
        String[] lines = config.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                // virconf's wording ("expecting an assignment"), with the line's number only
                throw new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.LXC, "line " + (i + 1) + ": expecting an assignment");
            }
            Entry e = new Entry(line.substring(0, eq).strip(), line.substring(eq + 1).strip(), i + 1);
            entries.add(e);
            network(e);
        }
    }

    static String toDomainXml(String config) {
        return new LxcNativeConfig(config).convert();
    }

    private Entry entry(String... keys) {
        Entry found = null;
        for (Entry e : entries) {
            if (List.of(keys).contains(e.key())) {
                found = e; // the last one wins, as in LXC
            }
        }
        return found;
    }

    private String value(String... keys) {
        Entry e = entry(keys);
        return e == null ? null : e.value();
    }

    private List<Entry> all(String... keys) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (List.of(keys).contains(e.key())) {
                out.add(e);
            }
        }
        return out;
    }

    private List<String> values(String... keys) {
        return all(keys).stream().map(Entry::value).toList();
    }

    /** An error about the value on {@code e}'s line: names the line and the key looked for, never the value. */
    private static VirtException invalid(ErrorCode code, Entry e, String what) {
        return new VirtException(code, ErrorDomain.LXC, "line " + e.line() + ": " + what);
    }

    /** Collects lxc.network.* (a new network at each type line) and lxc.net.N.* (by index). */
    private void network(Entry e) {
        String key = e.key();
        Net net;
        String sub;
        if (key.startsWith("lxc.network.")) {
            sub = key.substring("lxc.network.".length());
            if ("type".equals(sub) || nets.isEmpty()) {
                nets.add(new Net());
            }
            net = nets.get(nets.size() - 1);
            sub = switch (sub) {
                case "ipv4" -> "ipv4.address";
                case "ipv6" -> "ipv6.address";
                default -> sub;
            };
        } else if (key.startsWith("lxc.net.")) {
            String rest = key.substring("lxc.net.".length());
            int dot = rest.indexOf('.');
            if (dot < 0) {
                return;
            }
            net = netsByIndex.computeIfAbsent(rest.substring(0, dot), i -> {
                Net n = new Net();
                nets.add(n);
                return n;
            });
            sub = rest.substring(dot + 1);
        } else {
            return;
        }
        switch (sub) {
            case "ipv4.address" -> net.ipv4.add(e.value());
            case "ipv6.address" -> net.ipv6.add(e.value());
            default -> {
                net.keys.put(sub, e.value());
                net.lines.put(sub, e);
            }
        }
    }

    private String convert() {
        if (value("lxc.mount", "lxc.mount.fstab") != null) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC,
                "unsupported configuration: lxc.mount.fstab or lxc.mount found, use lxc.mount.entry lines instead");
        }
        String rootfs = value("lxc.rootfs", "lxc.rootfs.path");
        if (rootfs != null && rootfs.indexOf(':') > 0 && !rootfs.startsWith("/")) {
            rootfs = rootfs.substring(rootfs.indexOf(':') + 1); // "dir:/path" storage prefix
        }
        String name = value("lxc.utsname", "lxc.uts.name");
        StringBuilder x = new StringBuilder("<domain type='lxc'>\n");
        x.append("  <name>").append(esc(name == null ? "unnamed" : name)).append("</name>\n");
        x.append("  <uuid>").append(UUID.randomUUID()).append("</uuid>\n");
        long memKiB = 64 * 1024;
        Entry limit = entry("lxc.cgroup.memory.limit_in_bytes");
        if (limit != null) {
            memKiB = bytes(limit) / 1024;
        }
        x.append("  <memory unit='KiB'>").append(memKiB).append("</memory>\n");
        x.append("  <currentMemory unit='KiB'>").append(memKiB).append("</currentMemory>\n");
        memtune(x, limit);
        blkiotune(x);
        String cpus = value("lxc.cgroup.cpuset.cpus");
        x.append("  <vcpu placement='static'").append(cpus == null ? "" : " cpuset='" + esc(cpus) + "'").append(">1</vcpu>\n");
        cputune(x);
        String mems = value("lxc.cgroup.cpuset.mems");
        if (mems != null) {
            x.append("  <numatune><memory mode='strict' nodeset='").append(esc(mems)).append("'/></numatune>\n");
        }
        String arch = arch(value("lxc.arch"));
        x.append("  <os>\n    <type").append(arch == null ? "" : " arch='" + esc(arch) + "'").append(">exe</type>\n");
        x.append("    <init>/sbin/init</init>\n  </os>\n");
        idmap(x);
        x.append("  <features>\n");
        if (nets.stream().noneMatch(n -> !"empty".equals(n.keys.get("type")))) {
            x.append("    <privnet/>\n");
        }
        capabilities(x);
        x.append("  </features>\n");
        x.append("  <clock offset='utc'/>\n  <on_poweroff>destroy</on_poweroff>\n");
        x.append("  <on_reboot>restart</on_reboot>\n  <on_crash>destroy</on_crash>\n");
        x.append("  <devices>\n    <emulator>/usr/libexec/libvirt_lxc</emulator>\n");
        if (rootfs != null) {
            x.append("    <filesystem type='mount' accessmode='passthrough'>\n      <source dir='").append(esc(rootfs))
                .append("'/>\n      <target dir='/'/>\n    </filesystem>\n");
        }
        for (Entry entry : all("lxc.mount.entry")) {
            mountEntry(x, entry, rootfs);
        }
        for (Net n : nets) {
            network(x, n);
        }
        Entry ttys = entry("lxc.tty", "lxc.tty.max");
        int n = ttys == null ? 0 : ttyCount(ttys);
        for (int i = 0; i < n; i++) {
            x.append("    <console type='pty'><target type='lxc' port='").append(i).append("'/></console>\n");
        }
        x.append("  </devices>\n</domain>\n");
        String out = DomainXml.format(parse(x.toString()));
        // parsed once more: what is returned is a domain, and no value turned into markup on the way
        if (!out.equals(DomainXml.format(parse(out)))) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC, "the converted configuration does not parse back to itself");
        }
        return out;
    }

    /**
     * The domain model's parse; its errors may quote a value of the config (an invalid MAC address,
     * a cpuset), so only their code is passed on.
     */
    private static io.jvirt.api.domain.DomainDef parse(String xml) {
        try {
            return DomainXml.parse(xml, false, DomainDefDefaults.NONE);
        } catch (VirtException e) {
            throw new VirtException(e.code(), ErrorDomain.LXC,
                "the configuration does not convert to a valid domain (" + e.code().format(null) + ")");
        }
    }

    private static int ttyCount(Entry e) {
        int n;
        try {
            n = Integer.parseInt(e.value().trim());
        } catch (NumberFormatException ex) {
            throw invalid(ErrorCode.INTERNAL_ERROR, e, "failed to parse the number of " + e.key());
        }
        if (n < 0 || n > MAX_TTYS) {
            throw invalid(ErrorCode.CONFIG_UNSUPPORTED, e, e.key() + " must be between 0 and " + MAX_TTYS);
        }
        return n;
    }

    private void memtune(StringBuilder x, Entry limit) {
        Entry soft = entry("lxc.cgroup.memory.soft_limit_in_bytes");
        Entry swap = entry("lxc.cgroup.memory.memsw.limit_in_bytes");
        if (limit == null && soft == null && swap == null) {
            return;
        }
        x.append("  <memtune>\n");
        kib(x, "hard_limit", limit);
        kib(x, "soft_limit", soft);
        kib(x, "swap_hard_limit", swap);
        x.append("  </memtune>\n");
    }

    private static void kib(StringBuilder x, String element, Entry bytes) {
        if (bytes != null) {
            x.append("    <").append(element).append(" unit='KiB'>").append(bytes(bytes) / 1024).append("</").append(element).append(">\n");
        }
    }

    private void blkiotune(StringBuilder x) {
        String weight = value("lxc.cgroup.blkio.weight");
        Map<String, Map<String, String>> devices = new LinkedHashMap<>();
        String[][] keys = {{"lxc.cgroup.blkio.device_weight", "weight"},
            {"lxc.cgroup.blkio.throttle.read_iops_device", "read_iops_sec"},
            {"lxc.cgroup.blkio.throttle.write_iops_device", "write_iops_sec"},
            {"lxc.cgroup.blkio.throttle.read_bps_device", "read_bytes_sec"},
            {"lxc.cgroup.blkio.throttle.write_bps_device", "write_bytes_sec"}};
        for (Entry e : entries) {
            for (String[] k : keys) {
                if (k[0].equals(e.key())) {
                    String[] parts = e.value().split("\\s+");
                    if (parts.length != 2) {
                        throw invalid(ErrorCode.INTERNAL_ERROR, e, "invalid " + k[0] + " value");
                    }
                    devices.computeIfAbsent(parts[0], d -> new LinkedHashMap<>()).put(k[1], parts[1]);
                }
            }
        }
        if (weight == null && devices.isEmpty()) {
            return;
        }
        x.append("  <blkiotune>\n");
        if (weight != null) {
            x.append("    <weight>").append(esc(weight)).append("</weight>\n");
        }
        for (Map.Entry<String, Map<String, String>> d : devices.entrySet()) {
            x.append("    <device>\n      <path>/dev/block/").append(esc(d.getKey())).append("</path>\n");
            for (String[] k : keys) {
                String v = d.getValue().get(k[1]);
                if (v != null) {
                    x.append("      <").append(k[1]).append('>').append(esc(v)).append("</").append(k[1]).append(">\n");
                }
            }
            x.append("    </device>\n");
        }
        x.append("  </blkiotune>\n");
    }

    private void cputune(StringBuilder x) {
        String shares = value("lxc.cgroup.cpu.shares");
        String period = value("lxc.cgroup.cpu.cfs_period_us");
        String quota = value("lxc.cgroup.cpu.cfs_quota_us");
        if (shares == null && period == null && quota == null) {
            return;
        }
        x.append("  <cputune>\n");
        for (String[] e : new String[][] {{"shares", shares}, {"period", period}, {"quota", quota}}) {
            if (e[1] != null) {
                x.append("    <").append(e[0]).append('>').append(esc(e[1])).append("</").append(e[0]).append(">\n");
            }
        }
        x.append("  </cputune>\n");
    }

    private void idmap(StringBuilder x) {
        List<Entry> maps = all("lxc.id_map", "lxc.idmap");
        if (maps.isEmpty()) {
            return;
        }
        x.append("  <idmap>\n");
        for (Entry m : maps) {
            String[] p = m.value().split("\\s+");
            if (p.length != 4 || !("u".equals(p[0]) || "g".equals(p[0]))) {
                throw invalid(ErrorCode.INTERNAL_ERROR, m, "invalid " + m.key() + " value");
            }
            // libvirt reads "type target start count"
            x.append("    <").append("u".equals(p[0]) ? "uid" : "gid").append(" start='").append(esc(p[2]))
                .append("' target='").append(esc(p[1])).append("' count='").append(esc(p[3])).append("'/>\n");
        }
        x.append("  </idmap>\n");
    }

    private void capabilities(StringBuilder x) {
        TreeSet<String> drop = new TreeSet<>();
        for (String v : values("lxc.cap.drop")) {
            for (String c : v.split("\\s+")) {
                // libvirt's lxcSetCapDrop switches off the capabilities it knows and ignores the rest
                if (LxcCapabilities.NAMES.contains(c.toLowerCase(Locale.ROOT))) {
                    drop.add(c.toLowerCase(Locale.ROOT));
                }
            }
        }
        if (drop.isEmpty()) {
            x.append("    <capabilities policy='allow'/>\n");
            return;
        }
        x.append("    <capabilities policy='allow'>\n");
        for (String c : drop) {
            x.append("      <").append(c).append(" state='off'/>\n"); // one of libvirt's names, checked above
        }
        x.append("    </capabilities>\n");
    }

    /** One fstab-style mount entry: binds become mount filesystems, tmpfs a ram filesystem. */
    private static void mountEntry(StringBuilder x, Entry entry, String rootfs) {
        String[] f = entry.value().split("\\s+");
        if (f.length < 4) {
            throw invalid(ErrorCode.INTERNAL_ERROR, entry, "invalid lxc.mount.entry value");
        }
        String src = f[0];
        String type = f[2];
        List<String> opts = List.of(f[3].split(","));
        if ("proc".equals(type) || "sysfs".equals(type)) {
            return; // the driver mounts these itself
        }
        String dst = f[1];
        if (rootfs != null && dst.startsWith(rootfs)) {
            dst = dst.substring(rootfs.length());
        }
        dst = "/" + dst.replaceFirst("^/+", "");
        if ("tmpfs".equals(type)) {
            long kib = 0;
            for (String o : opts) {
                if (o.startsWith("size=")) {
                    kib = bytes(new Entry(entry.key(), o.substring(5), entry.line())) / 1024;
                }
            }
            x.append("    <filesystem type='ram' accessmode='passthrough'>\n      <source usage='").append(kib)
                .append("' units='KiB'/>\n      <target dir='").append(esc(dst)).append("'/>\n    </filesystem>\n");
            return;
        }
        if (!opts.contains("bind") && !opts.contains("rbind")) {
            return; // block devices and other kinds are not converted (as libvirt skips what it cannot map)
        }
        x.append("    <filesystem type='mount' accessmode='passthrough'>\n      <source dir='").append(esc(src))
            .append("'/>\n      <target dir='").append(esc(dst)).append("'/>\n");
        if (opts.contains("ro")) {
            x.append("      <readonly/>\n");
        }
        x.append("    </filesystem>\n");
    }

    private static void network(StringBuilder x, Net n) {
        String type = n.keys.getOrDefault("type", "");
        String link = n.keys.get("link");
        String kind;
        switch (type) {
            case "veth" -> kind = link == null ? "ethernet" : "bridge";
            case "macvlan" -> kind = "direct";
            case "empty", "none", "" -> {
                return;
            }
            default -> throw invalid(ErrorCode.CONFIG_UNSUPPORTED, n.lines.get("type"), "the network type is not supported");
        }
        x.append("    <interface type='").append(kind).append("'>\n");
        if (n.keys.get("hwaddr") != null) {
            x.append("      <mac address='").append(esc(n.keys.get("hwaddr"))).append("'/>\n");
        }
        if ("bridge".equals(kind)) {
            x.append("      <source bridge='").append(esc(link)).append("'/>\n");
        } else if ("direct".equals(kind)) {
            x.append("      <source dev='").append(esc(link == null ? "" : link)).append("' mode='")
                .append(esc(n.keys.getOrDefault("macvlan.mode", "private"))).append("'/>\n");
        }
        ips(x, n.ipv4, "ipv4");
        ips(x, n.ipv6, "ipv6");
        route(x, n.keys.get("ipv4.gateway"), "ipv4", "0.0.0.0");
        route(x, n.keys.get("ipv6.gateway"), "ipv6", "::");
        if (n.keys.get("name") != null) {
            x.append("      <guest dev='").append(esc(n.keys.get("name"))).append("'/>\n");
        }
        x.append("      <link state='").append("up".equals(n.keys.get("flags")) ? "up" : "down").append("'/>\n");
        x.append("    </interface>\n");
    }

    private static void ips(StringBuilder x, List<String> addrs, String family) {
        for (String a : addrs) {
            String[] p = a.split("/");
            x.append("      <ip address='").append(esc(p[0])).append("' family='").append(family).append('\'');
            if (p.length > 1) {
                x.append(" prefix='").append(esc(p[1])).append('\'');
            }
            x.append("/>\n");
        }
    }

    private static void route(StringBuilder x, String gateway, String family, String any) {
        if (gateway != null) {
            x.append("      <route family='").append(family).append("' address='").append(any)
                .append("' gateway='").append(esc(gateway)).append("'/>\n");
        }
    }

    private static String arch(String lxcArch) {
        if (lxcArch == null) {
            return null;
        }
        return switch (lxcArch) {
            case "x86", "i686", "i386", "i486", "i586" -> "i686";
            case "x86_64", "amd64" -> "x86_64";
            default -> lxcArch;
        };
    }

    /** A size in bytes with an optional k/m/g suffix (tmpfs size=8m). */
    private static long bytes(Entry e) {
        String v = e.value().trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        char last = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            mult = last == 'k' ? 1024L : last == 'm' ? 1024L * 1024 : 1024L * 1024 * 1024;
            v = v.substring(0, v.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), mult);
        } catch (NumberFormatException | ArithmeticException ex) {
            throw invalid(ErrorCode.INTERNAL_ERROR, e, "failed to parse the size of " + e.key());
        }
    }

    /** Escapes a value for an XML attribute or text: it stays data whatever it holds. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\'' -> b.append("&apos;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
