package io.jvirt.driver.lxc;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CpuSet;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.Units;
import io.jvirt.api.domain.XmlEscape;
import io.jvirt.driver.lxc.LxcConfigFile.Entry;

/**
 * {@code domxml-from-native lxc-tools}: an LXC tools container config (the 2.x keys and the 3.x
 * ones) to domain XML, by the rules of libvirt 9.0's {@code lxcParseConfigString}
 * (src/lxc/lxc_native.c), step by step and in its order (which error wins when there are two):
 * the config read by virconf's LXC rules ({@link LxcConfigFile}: a key given twice counts the
 * first time), lxc.arch, the name, the root filesystem, lxc.mount.entry lines, the networks
 * ({@link LxcNetworks}), the consoles, id maps, memory, cpu, cpuset and blkio cgroup settings and
 * the dropped capabilities. Numbers are read as libvirt's C reads them ({@link LibvirtNumbers}),
 * CPU lists by {@link CpuSet}, addresses by {@link InetText}.
 *
 * <p>The XML is written as text (every value escaped) and then parsed and formatted by the domain
 * model, so it comes out in libvirt's layout; that result is parsed once more before it is
 * returned and must come out unchanged. Where libvirt's converter writes a domain its own parser
 * then refuses (a multicast MAC, a prefix of 33, an empty cpuset, memory past 2^53 KiB), the
 * conversion is refused with the parser's words instead.
 *
 * <p>The config may be any file a console user names, so no error quotes its content: an error
 * names the line (and the key where that helps), never a value.
 */
final class LxcNativeConfig {

    /** More consoles than this is no container anyone runs, and each costs the server memory (libvirt has no bound). */
    static final int MAX_TTYS = 1024;

    /** libvirt 9.0's virArch names (virarch.c; "none" is not an answer of virArchFromString). */
    private static final Set<String> ARCHES = Set.of("alpha", "armv6l", "armv7l", "armv7b", "aarch64", "cris", "i686",
        "ia64", "lm32", "m68k", "microblaze", "microblazeel", "mips", "mipsel", "mips64", "mips64el", "openrisc",
        "parisc", "parisc64", "ppc", "ppcle", "ppc64", "ppc64le", "ppcemb", "riscv32", "riscv64", "s390", "s390x", "sh4",
        "sh4eb", "sparc", "sparc64", "unicore32", "x86_64", "xtensa", "xtensaeb");

    /**
     * lxcIsBasicMountLocation: the mounts libvirt's container makes itself (lxcBasicMounts in
     * lxc_container.c; Debian builds libvirt with SELinux, so its mount point is one).
     */
    private static final Set<String> BASIC_MOUNTS = Set.of("/proc", "/proc/sys", "/proc/sys/net/ipv4",
        "/proc/sys/net/ipv6", "/sys", "/sys/kernel/security", "/sys/fs/selinux");

    /** libvirt's VIR_DOMAIN_MEMORY_PARAM_UNLIMITED (KiB): a limit at or past it is "no limit" and is not written. */
    private static final long UNLIMITED_KIB = Units.MAX_KIB;

    /** The blkio device settings, in the order libvirt writes them. */
    private enum Blkio { WEIGHT, READ_IOPS, WRITE_IOPS, READ_BPS, WRITE_BPS }

    private final LxcConfigFile conf;
    private final StringBuilder devices = new StringBuilder();

    private LxcNativeConfig(LxcConfigFile conf) {
        this.conf = conf;
    }

    static String toDomainXml(String config) {
        return new LxcNativeConfig(LxcConfigFile.read(config)).convert();
    }

    /** An error about the statement on {@code e}'s line: names the line, never the value. */
    static VirtException error(ErrorCode code, Entry e, String what) {
        return new VirtException(code, ErrorDomain.LXC, "line " + e.line() + ": " + what);
    }

    /**
     * libvirt's converter writes what it read; its RelaxNG schema (domaincommon.rng) bounds some of
     * those values (device names, cgroup ranges, the architectures it names). Every domain this
     * converter returns validates against it, so a value outside it is refused, by its line.
     */
    static void schema(boolean ok, Entry e, String what) {
        if (!ok) {
            throw error(ErrorCode.CONFIG_UNSUPPORTED, e, what + " is outside libvirt's domain schema");
        }
    }

    /** libvirt's schema for device names (deviceName). */
    static boolean deviceName(String s) {
        return s.matches("[a-zA-Z0-9_.\\-\\\\:/]+");
    }

    private String convert() {
        StringBuilder x = new StringBuilder("<domain type='lxc'>\n");
        String arch = arch();
        // virArch names libvirt 9.0's schema (archnames) does not list
        schema(!"armv7b".equals(arch) && !"ppcle".equals(arch), conf.first("lxc.arch"), "the architecture");
        Entry name = conf.first("lxc.uts.name", "lxc.utsname");
        if (name == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC,
                "the config has no name (lxc.uts.name or lxc.utsname)");
        }
        x.append("  <name>").append(esc(name.value())).append("</name>\n");
        x.append("  <uuid>").append(UUID.randomUUID()).append("</uuid>\n");
        rootfs();
        if (conf.first("lxc.mount.fstab") != null || conf.first("lxc.mount") != null) {
            throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.LXC,
                "lxc.mount.fstab or lxc.mount found, use lxc.mount.entry lines instead");
        }
        for (Entry e : conf.entries()) {
            if (e.name().equals("lxc.mount.entry")) {
                mountEntry(e);
            }
        }
        LxcNetworks nets = LxcNetworks.of(conf);
        devices.append(nets.interfaces());
        consoles();
        devices.append(nets.hostdevs());
        String idmap = idmap();
        memory(x);
        cputune(x);
        cpuset(x);
        blkiotune(x);
        x.append("  <os>\n    <type").append(arch == null ? "" : " arch='" + arch + "'").append(">exe</type>\n");
        x.append("    <init>/sbin/init</init>\n  </os>\n").append(idmap);
        x.append("  <features>\n").append(nets.privnet() ? "    <privnet/>\n" : "").append(capabilities()).append("  </features>\n");
        checkName(name); // virDomainDefPostParse, after everything lxcParseConfigString reads
        x.append("  <clock offset='utc'/>\n  <on_poweroff>destroy</on_poweroff>\n");
        x.append("  <on_reboot>restart</on_reboot>\n  <on_crash>destroy</on_crash>\n");
        x.append("  <devices>\n    <emulator>/usr/libexec/libvirt_lxc</emulator>\n").append(devices);
        x.append("  </devices>\n</domain>\n");
        String out = DomainXml.format(parse(x.toString()));
        // parsed once more: what is returned is a domain, and no value turned into markup on the way
        if (!out.equals(DomainXml.format(parse(out)))) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC, "the converted configuration does not parse back to itself");
        }
        return out;
    }

    /** lxc.arch: one of libvirt's names, or x86 (i686) or amd64 (x86_64); anything else gives no arch. */
    private String arch() {
        Entry e = conf.first("lxc.arch");
        if (e == null) {
            return null;
        }
        String v = e.value();
        if (ARCHES.contains(v)) {
            return v;
        }
        return switch (v) {
            case "x86" -> "i686";
            case "amd64" -> "x86_64";
            default -> null;
        };
    }

    /** What libvirt's post-parse (LXC has no '/' in names) and domain parser demand of the name. */
    private static void checkName(Entry name) {
        if (name.value().isEmpty()) {
            throw new VirtException(ErrorCode.NO_NAME, ErrorDomain.LXC, "line " + name.line());
        }
        if (name.value().indexOf('\n') >= 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "line " + name.line() + ": the name cannot contain a line end");
        }
        if (name.value().indexOf('/') >= 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "line " + name.line() + ": the name cannot contain '/'");
        }
    }

    /** lxcSetRootfs: lxc.rootfs.path or lxc.rootfs, taken as it is; a /dev/ path is a block device. */
    private void rootfs() {
        Entry e = conf.first("lxc.rootfs.path", "lxc.rootfs");
        if (e == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC,
                "the config has no root filesystem (lxc.rootfs.path or lxc.rootfs)");
        }
        filesystem(e, e.value().startsWith("/dev/") ? "block" : "mount", e.value(), "/", false, -1);
    }

    /**
     * One {@code <filesystem>}. libvirt's converter writes whatever source it read; its schema
     * wants an absolute source for a mount and a source for a block device, so a relative source
     * ("devpts", "dir:/srv/c") and a tmpfs entry of a /dev/ path (a block device without a source
     * in libvirt's hands) are refused.
     */
    private void filesystem(Entry e, String type, String src, String dst, boolean readonly, long usageKiB) {
        if ("mount".equals(type) && !src.startsWith("/")) {
            throw error(ErrorCode.CONFIG_UNSUPPORTED, e, "the source of the filesystem is not an absolute path");
        }
        if ("block".equals(type) && src == null) {
            throw error(ErrorCode.CONFIG_UNSUPPORTED, e, "a tmpfs entry of a /dev/ path converts to a block device without a source");
        }
        devices.append("    <filesystem type='").append(type).append("' accessmode='passthrough'>\n");
        if ("ram".equals(type)) {
            devices.append("      <source usage='").append(usageKiB).append("' units='KiB'/>\n");
        } else if (src != null) {
            devices.append("      <source ").append("block".equals(type) ? "dev" : "dir").append("='").append(esc(src)).append("'/>\n");
        }
        devices.append("      <target dir='").append(esc(dst)).append("'/>\n");
        if (readonly) {
            devices.append("      <readonly/>\n");
        }
        devices.append("    </filesystem>\n");
    }

    /**
     * lxcParseFstabLine and lxcAddFstabLine: "source target type options ..." (blanks and tabs);
     * the target is made absolute; the mounts libvirt makes itself are skipped; tmpfs is a ram
     * filesystem of its size= option (required); a /dev/ source is a block device; "ro" makes it
     * read-only. Every other entry is a mount of its source, whatever its type or options.
     */
    private void mountEntry(Entry e) {
        List<String> f = split(e.value());
        if (f.size() < 4) {
            throw error(ErrorCode.INTERNAL_ERROR, e, "invalid lxc.mount.entry value"); // libvirt fails without a word
        }
        String src = f.get(0);
        String dst = f.get(1).startsWith("/") ? f.get(1) : "/" + f.get(1);
        if (BASIC_MOUNTS.contains(dst)) {
            return;
        }
        String[] options = f.get(3).split(",", -1);
        String type = "mount";
        String source = src;
        long usageKiB = -1;
        if ("tmpfs".equals(f.get(2))) {
            type = "ram";
            source = null;
            String size = null;
            for (String o : options) {
                if (o.startsWith("size=")) {
                    size = o.substring(5);
                    break;
                }
            }
            if (size == null) {
                throw error(ErrorCode.INTERNAL_ERROR, e, "missing tmpfs size, set the size option");
            }
            usageKiB = Long.divideUnsigned(size(e, size), 1024);
        }
        if (src.startsWith("/dev/")) {
            type = "block";
        }
        filesystem(e, type, source, dst, List.of(options).contains("ro"), usageKiB);
    }

    /** lxcStringSplit: tabs are blanks, fields are separated by one or more blanks. */
    private static List<String> split(String v) {
        List<String> out = new ArrayList<>();
        for (String p : v.replace('\t', ' ').split(" ")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** lxcConvertSize: a number and a unit (virScaleInteger's: "", b, k, KiB, KB, m ...), in bytes. */
    private static long size(Entry e, String size) {
        LibvirtNumbers.Unsigned n = LibvirtNumbers.ullPrefix(size);
        if (n != null && n.rest().equals("%")) {
            throw error(ErrorCode.INTERNAL_ERROR, e, "can't convert relative size");
        }
        LibvirtNumbers.Scaled s = n == null ? null : LibvirtNumbers.scale(n.value(), n.rest());
        if (s == null || s.error() != null) {
            throw error(ErrorCode.INTERNAL_ERROR, e, "failed to convert size");
        }
        return s.value();
    }

    /** lxcCreateConsoles: lxc.tty.max or lxc.tty pty consoles. */
    private void consoles() {
        Entry e = conf.first("lxc.tty.max", "lxc.tty");
        if (e == null) {
            return;
        }
        Integer n = LibvirtNumbers.i(e.value());
        if (n == null) {
            throw error(ErrorCode.INTERNAL_ERROR, e, "failed to parse int");
        }
        if (n < 0 || n > MAX_TTYS) {
            // libvirt allocates whatever it is given (and aborts on a negative count)
            throw error(ErrorCode.CONFIG_UNSUPPORTED, e, e.name() + " must be between 0 and " + MAX_TTYS);
        }
        for (int i = 0; i < n; i++) {
            devices.append("    <console type='pty'>\n      <target type='lxc' port='").append(i).append("'/>\n    </console>\n");
        }
    }

    /**
     * lxcIdmapWalkCallback: every lxc.idmap and lxc.id_map line, read as libvirt's
     * {@code sscanf("%c %lu %lu %lu", type, target, start, count)} reads it (text after the four
     * fields is ignored) and stored, as libvirt stores it, in an unsigned int.
     */
    private String idmap() {
        StringBuilder uids = new StringBuilder();
        StringBuilder gids = new StringBuilder();
        Entry first = null;
        boolean rootU = false;
        boolean rootG = false;
        for (Entry e : conf.entries()) {
            if (!e.name().equals("lxc.idmap") && !e.name().equals("lxc.id_map")) {
                continue;
            }
            long[] v = scanIdmap(e.value());
            if (v == null) {
                throw error(ErrorCode.INTERNAL_ERROR, e, "invalid " + e.name());
            }
            char type = e.value().charAt(0);
            if (type != 'u' && type != 'g') {
                throw error(ErrorCode.INTERNAL_ERROR, e, "invalid " + e.name() + " type"); // libvirt fails without a word
            }
            first = first == null ? e : first;
            long target = v[0] & 0xFFFF_FFFFL;
            long start = v[1] & 0xFFFF_FFFFL;
            long count = v[2] & 0xFFFF_FFFFL;
            (type == 'u' ? uids : gids).append("    <").append(type == 'u' ? "uid" : "gid").append(" start='").append(start)
                .append("' target='").append(target).append("' count='").append(count).append("'/>\n");
            if (type == 'u') {
                rootU |= start == 0;
            } else {
                rootG |= start == 0;
            }
        }
        if (first == null) {
            return "";
        }
        // what libvirt's domain parser demands of an idmap (its converter writes what it read)
        if (uids.isEmpty() || gids.isEmpty()) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "line " + first.line() + ": uid and gid should be mapped both");
        }
        if (!rootU || !rootG) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "line " + first.line() + ": You must map the root user of container");
        }
        return "  <idmap>\n" + uids + gids + "  </idmap>\n";
    }

    /** sscanf "%c %lu %lu %lu" after the type character: three strtoul numbers (wrapping negatives), or null. */
    private static long[] scanIdmap(String v) {
        if (v.isEmpty()) {
            return null;
        }
        String rest = v.substring(1);
        long[] out = new long[3];
        for (int i = 0; i < 3; i++) {
            LibvirtNumbers.Prefix p = LibvirtNumbers.prefix(rest);
            if (p == null) {
                return null;
            }
            // %lu saturates where strtoul overflows
            Long n = LibvirtNumbers.ull(rest.substring(0, rest.length() - p.rest().length()));
            out[i] = n == null ? -1L : n;
            rest = p.rest();
        }
        return out;
    }

    /** lxcSetMemTune: the memory limit is also the domain's memory; limits in KiB, "unlimited" ones left out. */
    private void memory(StringBuilder x) {
        long memKiB = 64 * 1024;
        Entry limit = conf.first("lxc.cgroup.memory.limit_in_bytes");
        StringBuilder tune = new StringBuilder();
        if (limit != null) {
            memKiB = Long.divideUnsigned(size(limit, limit.value()), 1024);
            if (memKiB == 0) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "line " + limit.line()
                    + ": Memory size must be specified via <memory> or in the <numa> configuration");
            }
            if (Long.compareUnsigned(memKiB, Units.MAX_KIB) > 0) {
                // libvirt writes it, and its parser then refuses it
                throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.NONE, "line " + limit.line() + ": value too large");
            }
            limit(tune, "hard_limit", memKiB);
        }
        Entry soft = conf.first("lxc.cgroup.memory.soft_limit_in_bytes");
        if (soft != null) {
            limit(tune, "soft_limit", Long.divideUnsigned(size(soft, soft.value()), 1024));
        }
        Entry swap = conf.first("lxc.cgroup.memory.memsw.limit_in_bytes");
        if (swap != null) {
            limit(tune, "swap_hard_limit", Long.divideUnsigned(size(swap, swap.value()), 1024));
        }
        x.append("  <memory unit='KiB'>").append(memKiB).append("</memory>\n");
        x.append("  <currentMemory unit='KiB'>").append(memKiB).append("</currentMemory>\n");
        if (!tune.isEmpty()) {
            x.append("  <memtune>\n").append(tune).append("  </memtune>\n");
        }
    }

    /** virMemoryLimitTruncate, then virMemoryLimitIsSet: a limit at or past "unlimited" is not written. */
    private static void limit(StringBuilder tune, String element, long kib) {
        if (Long.compareUnsigned(kib, UNLIMITED_KIB) < 0) {
            tune.append("    <").append(element).append(" unit='KiB'>").append(kib).append("</").append(element).append(">\n");
        }
    }

    /** lxcSetCpuTune: shares as given (even 0), period and quota unless 0. */
    private void cputune(StringBuilder x) {
        StringBuilder t = new StringBuilder();
        Entry shares = conf.first("lxc.cgroup.cpu.shares");
        Entry quota = conf.first("lxc.cgroup.cpu.cfs_quota_us");
        Entry period = conf.first("lxc.cgroup.cpu.cfs_period_us");
        Long sharesV = shares == null ? null : integer(shares, LibvirtNumbers.ull(shares.value()));
        Long quotaV = quota == null ? null : integer(quota, LibvirtNumbers.ll(quota.value()));
        Long periodV = period == null ? null : integer(period, LibvirtNumbers.ull(period.value()));
        schema(sharesV == null || Long.compareUnsigned(sharesV, 0xFFFF_FFFFL) <= 0, shares, "the cpu shares");
        schema(periodV == null || periodV == 0 || periodV >= 1000 && periodV <= 1_000_000, period, "the cfs period");
        schema(quotaV == null || quotaV == 0 || quotaV >= -1 && quotaV <= 17_592_186_044_415L, quota, "the cfs quota");
        if (sharesV != null) {
            t.append("    <shares>").append(Long.toUnsignedString(sharesV)).append("</shares>\n");
        }
        if (periodV != null && periodV != 0) {
            t.append("    <period>").append(Long.toUnsignedString(periodV)).append("</period>\n");
        }
        if (quotaV != null && quotaV != 0) {
            t.append("    <quota>").append(quotaV).append("</quota>\n");
        }
        if (!t.isEmpty()) {
            x.append("  <cputune>\n").append(t).append("  </cputune>\n");
        }
    }

    private static Long integer(Entry e, Long v) {
        if (v == null) {
            throw error(ErrorCode.INTERNAL_ERROR, e, "failed to parse integer");
        }
        return v;
    }

    /** lxcSetCpusetTune: the vCPUs' host CPUs and the memory's NUMA nodes (strict), as libvirt writes lists. */
    private void cpuset(StringBuilder x) {
        Entry cpus = conf.first("lxc.cgroup.cpuset.cpus");
        Entry mems = conf.first("lxc.cgroup.cpuset.mems");
        String cpuset = cpus == null ? null : list(cpus, "cpuset");
        x.append("  <vcpu placement='static'").append(cpuset == null ? "" : " cpuset='" + cpuset + "'").append(">1</vcpu>\n");
        if (mems != null) {
            x.append("  <numatune>\n    <memory mode='strict' nodeset='").append(list(mems, "nodeset")).append("'/>\n  </numatune>\n");
        }
    }

    /** virBitmapParse(VIR_DOMAIN_CPUMASK_LEN), then virBitmapFormat; an empty list is refused as libvirt's parser refuses it. */
    private static String list(Entry e, String attr) {
        BitSet set;
        try {
            set = CpuSet.parse(e.value());
        } catch (VirtException ex) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "line " + e.line() + ": Failed to parse bitmap");
        }
        if (set.isEmpty()) {
            throw error(ErrorCode.CONFIG_UNSUPPORTED, e, "Invalid value of '" + attr + "'");
        }
        return CpuSet.format(set);
    }

    /**
     * lxcSetBlkioTune: lxc.cgroup.blkio.weight, then every other lxc.cgroup.blkio.* line as
     * "major:minor value" for /dev/block/major:minor (device_weight, throttle.read_bps_device,
     * throttle.write_bps_device, throttle.read_iops_device, throttle.write_iops_device; other keys
     * are ignored). Zero values, and devices left with none, are not written, as libvirt writes.
     */
    private void blkiotune(StringBuilder x) {
        long weight = 0;
        Entry w = conf.first("lxc.cgroup.blkio.weight");
        if (w != null) {
            weight = integer(w, LibvirtNumbers.ui(w.value()));
            schema(weight == 0 || weight >= 100 && weight <= 1000, w, "the blkio weight");
        }
        Map<String, EnumMap<Blkio, Long>> devs = new LinkedHashMap<>();
        for (Entry e : conf.entries()) {
            if (!e.name().startsWith("lxc.cgroup.blkio.") || e.name().equals("lxc.cgroup.blkio.weight")) {
                continue;
            }
            List<String> parts = split(e.value());
            if (parts.size() < 2) {
                throw error(ErrorCode.INTERNAL_ERROR, e, "invalid " + e.name() + " value");
            }
            EnumMap<Blkio, Long> dev = devs.computeIfAbsent("/dev/block/" + parts.get(0), p -> new EnumMap<>(Blkio.class));
            String v = parts.get(1);
            switch (e.name().substring("lxc.cgroup.blkio.".length())) {
                case "device_weight" -> {
                    long dw = blkio(e, LibvirtNumbers.ui(v), "device weight");
                    schema(dw == 0 || dw >= 100 && dw <= 1000, e, "the device weight");
                    dev.put(Blkio.WEIGHT, dw);
                }
                case "throttle.read_bps_device" -> dev.put(Blkio.READ_BPS, blkio(e, LibvirtNumbers.ull(v), "read_bps_device"));
                case "throttle.write_bps_device" -> dev.put(Blkio.WRITE_BPS, blkio(e, LibvirtNumbers.ull(v), "write_bps_device"));
                case "throttle.read_iops_device" -> dev.put(Blkio.READ_IOPS, blkio(e, LibvirtNumbers.ui(v), "read_iops_device"));
                case "throttle.write_iops_device" -> dev.put(Blkio.WRITE_IOPS, blkio(e, LibvirtNumbers.ui(v), "write_iops_device"));
                default -> {
                    // libvirt warns and goes on (the device it made for the line stays, empty)
                }
            }
        }
        StringBuilder t = new StringBuilder();
        if (weight != 0) {
            t.append("    <weight>").append(weight).append("</weight>\n");
        }
        String[] names = {"weight", "read_iops_sec", "write_iops_sec", "read_bytes_sec", "write_bytes_sec"};
        for (Map.Entry<String, EnumMap<Blkio, Long>> d : devs.entrySet()) {
            if (d.getValue().values().stream().allMatch(v -> v == 0)) {
                continue;
            }
            t.append("    <device>\n      <path>").append(esc(d.getKey())).append("</path>\n");
            for (Blkio k : Blkio.values()) {
                Long v = d.getValue().get(k);
                if (v != null && v != 0) {
                    String n = names[k.ordinal()];
                    t.append("      <").append(n).append('>').append(Long.toUnsignedString(v)).append("</").append(n).append(">\n");
                }
            }
            t.append("    </device>\n");
        }
        if (!t.isEmpty()) {
            x.append("  <blkiotune>\n").append(t).append("  </blkiotune>\n");
        }
    }

    private static long blkio(Entry e, Long v, String what) {
        if (v == null) {
            throw error(ErrorCode.INTERNAL_ERROR, e, "failed to parse " + what);
        }
        return v;
    }

    /**
     * lxcSetCapDrop: the first lxc.cap.drop line, split at single spaces; each of libvirt's
     * capability names in it (exactly, lower case) is switched off, anything else ignored. The
     * policy is allow.
     */
    private String capabilities() {
        Entry e = conf.first("lxc.cap.drop");
        List<String> drop = e == null ? List.of() : List.of(e.value().split(" ", -1));
        StringBuilder c = new StringBuilder();
        for (String name : LxcCapabilities.NAMES) {
            if (drop.contains(name)) {
                c.append("      <").append(name).append(" state='off'/>\n");
            }
        }
        return c.isEmpty() ? "    <capabilities policy='allow'/>\n"
            : "    <capabilities policy='allow'>\n" + c + "    </capabilities>\n";
    }

    /**
     * The domain model's parse; its errors may quote a value of the config, so only their code is
     * passed on. The checks above give the line for everything libvirt checks; this is the rest.
     */
    private static io.jvirt.api.domain.DomainDef parse(String xml) {
        try {
            return DomainXml.parse(xml, false, DomainDefDefaults.NONE);
        } catch (VirtException e) {
            throw new VirtException(e.code(), ErrorDomain.LXC,
                "the configuration does not convert to a valid domain (" + e.code().format(null) + ")");
        }
    }

    /** Escapes a value for an XML attribute or text: it stays data whatever it holds. */
    static String esc(String s) {
        return XmlEscape.text(s);
    }
}
