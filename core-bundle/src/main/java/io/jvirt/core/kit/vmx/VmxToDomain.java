package io.jvirt.core.kit.vmx;

import java.math.BigInteger;
import java.util.BitSet;
import java.util.Locale;

import io.jvirt.core.kit.DiskNames;
import io.jvirt.api.domain.XmlText;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;

/**
 * VMX to libvirt's {@code <domain type='vmware'>}, entry by entry as libvirt's
 * {@code virVMXParseConfig} reads them, with its defaults, checks and error words: identity,
 * memory, CPUs and OS here; disks and controllers in {@link VmxDisks}, interfaces in
 * {@link VmxEthernet}, serial and parallel ports in {@link VmxChars}. The result is written as
 * domain XML text and read back through the domain model, so it is formatted as every other domain.
 */
public final class VmxToDomain {

    static final String VMWARE_NS = "http://libvirt.org/schemas/domain/vmware/1.0";

    /** libvirt's VIR_DOMAIN_CPUMASK_LEN: the CPU numbers a cpuset may name. */
    private static final int CPUMASK_LEN = 16384;

    private VmxToDomain() {
    }

    /** The domain XML of {@code vmx} (not running). */
    public static String toXml(Vmx vmx, VmxContext ctx) {
        return toXml(vmx, ctx, -1);
    }

    /** The domain XML of {@code vmx}; {@code id} &gt;= 0 for a running VM. */
    public static String toXml(Vmx vmx, VmxContext ctx, int id) {
        return DomainXml.format(toDef(vmx, ctx), id, true);
    }

    public static DomainDef toDef(Vmx vmx, VmxContext ctx) {
        DomainDef def = DomainXml.parse(toText(vmx, ctx), false, DomainToVmx.DEFAULTS);
        // libvirt's converter sets no boot device; the model's generic default would add one
        def.os().bootDevices().clear();
        return def;
    }

    static String toText(Vmx vmx, VmxContext ctx) {
        java.util.SortedSet<Integer> nics = VmxEthernet.indexes(vmx);
        long configVersion = vmx.number("config.version", 0, false);
        if (configVersion != 8) {
            throw VmxParser.error("Expecting VMX entry 'config.version' to be 8 but found " + configVersion);
        }
        long hw = vmx.number("virtualHW.version", 0, false);
        if (hw < 4) {
            throw VmxParser.error("Expecting VMX entry 'virtualHW.version' to be 4 or higher but found " + hw);
        }
        int scsiBusMaxUnit = hw >= 13 ? DiskNames.SCSI_SUPER_WIDE_BUS_MAX_CONT_UNIT
            : DiskNames.SCSI_WIDE_BUS_MAX_CONT_UNIT;
        String uuid = vmx.uuid("uuid.bios", true);
        String name = vmx.string("displayName", true);
        if (name != null) {
            String unescaped = VmxNumbers.unescapeHex(name, '%');
            unescaped = unescaped == null ? null : VmxNumbers.unescapeHex(unescaped, '|');
            if (unescaped == null) {
                throw VmxParser.error("VMX entry 'name' contains invalid escape sequence");
            }
            name = unescaped;
        }
        String genid = genid(vmx);
        String annotation = vmx.string("annotation", true);
        if (annotation != null) {
            annotation = VmxNumbers.unescapeHex(annotation, '|');
            if (annotation == null) {
                throw VmxParser.error("VMX entry 'annotation' contains invalid escape sequence");
            }
        }

        XmlText x = new XmlText();
        String dcPath = ctx.datacenterPath();
        x.open("domain", "type", "vmware", "xmlns:vmware", dcPath != null ? VMWARE_NS : null);
        if (name != null) {
            x.text("name", name);
        }
        x.text("uuid", uuid == null ? "00000000-0000-0000-0000-000000000000" : uuid);
        if (genid != null) {
            x.text("genid", genid);
        }
        if (annotation != null) {
            x.text("description", annotation);
        }
        memory(vmx, x);
        String[] cpu = new String[1];
        vcpus(vmx, x, cpu);
        String guestOs = vmx.string("guestOS", true);
        boolean smbiosHost = vmx.bool("smbios.reflecthost", false, true);
        String vnc = vnc(vmx);

        StringBuilder devices = new StringBuilder();
        XmlText d = new XmlText();
        VmxDisks disks = VmxDisks.parse(vmx, ctx, scsiBusMaxUnit);
        disks.write(d);
        fileSystems(vmx, d);
        for (int n : nics) {
            VmxEthernet.write(vmx, n, d);
        }
        long vram = svgaVram(vmx);
        for (int port = 0; port < 4; port++) {
            VmxChars.serial(vmx, ctx, d, port);
        }
        for (int port = 0; port < 3; port++) {
            VmxChars.parallel(vmx, ctx, d, port);
        }
        devices.append(d);

        String firmware = vmx.string("firmware", true);
        if (firmware != null && !firmware.equals("efi")) {
            throw VmxParser.error("VMX entry 'firmware' has unknown value '" + firmware + "'");
        }
        boolean secureBoot = vmx.bool("uefi.secureBoot.enabled", false, true);

        x.open("os", "firmware", firmware);
        x.text("type", "hvm", "arch", guestOs != null && guestOs.endsWith("-64") ? "x86_64" : "i686");
        if (firmware != null && secureBoot) {
            // VMware has one switch for both features
            x.open("firmware").empty("feature", "enabled", "yes", "name", "enrolled-keys")
                .empty("feature", "enabled", "yes", "name", "secure-boot").close("firmware");
        }
        if (smbiosHost) {
            x.empty("smbios", "mode", "host");
        }
        x.close("os");
        if (cpu[0] != null) {
            x.raw(cpu[0]);
        }
        x.empty("clock", "offset", "utc");
        x.text("on_poweroff", "destroy").text("on_reboot", "restart").text("on_crash", "destroy");
        x.open("devices").raw(devices.toString());
        if (vnc != null) {
            x.raw(vnc);
        }
        x.open("video").empty("model", "type", "vmvga", "vram", Integer.toUnsignedString((int) vram), "primary",
            "yes").close("video");
        x.close("devices");
        if (dcPath != null) {
            x.text("vmware:datacenterpath", dcPath);
        }
        return x.close("domain").toString();
    }

    private static void memory(Vmx vmx, XmlText x) {
        long memsize = vmx.number("memsize", 32, true);
        // (a size beyond what KiB can count is no unsigned integer libvirt can hold either)
        if (memsize <= 0 || memsize % 4 != 0 || memsize > Long.MAX_VALUE / 1024) {
            throw VmxParser.error("Expecting VMX entry 'memsize' to be an unsigned integer (multiple of 4) but "
                + "found " + memsize);
        }
        long max = vmx.number("sched.mem.max", memsize, true);
        if (max < 0) {
            max = memsize; // "unlimited"
        }
        long minsize = Math.max(0, vmx.number("sched.mem.minsize", 0, true));
        long memKiB = memsize * 1024;
        x.text("memory", memKiB, "unit", "KiB").text("currentMemory", Math.min(max, memsize) * 1024, "unit", "KiB");
        long min = Math.min(minsize, memsize) * 1024;
        if (min > 0) {
            x.open("memtune").text("min_guarantee", min, "unit", "KiB").close("memtune");
        }
    }

    /** numvcpus, cpuid.coresPerSocket (as the {@code <cpu>} text in {@code cpu[0]}), affinity and shares. */
    private static void vcpus(Vmx vmx, XmlText x, String[] cpu) {
        long n = vmx.number("numvcpus", 1, true);
        // libvirt keeps the count as an unsigned int
        if (n <= 0 || n > Integer.MAX_VALUE) {
            throw VmxParser.error("Expecting VMX entry 'numvcpus' to be an unsigned integer greater than 0 but "
                + "found " + n);
        }
        long coresPerSocket = vmx.number("cpuid.coresPerSocket", 1, true);
        if (coresPerSocket > 1) {
            long sockets = n / coresPerSocket;
            if (sockets <= 0) {
                throw VmxParser.error("VMX entry 'cpuid.coresPerSocket' smaller than 'numvcpus'");
            }
            cpu[0] = "<cpu><topology sockets='" + sockets + "' dies='1' clusters='1' cores='" + coresPerSocket
                + "' threads='1'/></cpu>";
        }
        String cpuset = cpuset(vmx, n);
        String sharesText = vmx.string("sched.cpu.shares", true);
        x.text("vcpu", n, "placement", "static", "cpuset", cpuset);
        if (sharesText != null) {
            String value = switch (sharesText.toLowerCase(Locale.ROOT)) {
                case "low" -> String.valueOf(500 * n);
                case "normal" -> String.valueOf(1000 * n);
                case "high" -> String.valueOf(2000 * n);
                default -> {
                    BigInteger s = VmxNumbers.strToUnsignedLong(sharesText);
                    if (s == null) {
                        throw VmxParser.error("Expecting VMX entry 'sched.cpu.shares' to be an unsigned integer or "
                            + "'low', 'normal' or 'high' but found '" + sharesText + "'");
                    }
                    yield s.toString();
                }
            };
            x.open("cputune").text("shares", value).close("cputune");
        }
    }

    /** sched.cpu.affinity as a cpuset ("0,3,4,5" is "0,3-5"); "all" and absence are none. */
    private static String cpuset(Vmx vmx, long numvcpus) {
        String affinity = vmx.string("sched.cpu.affinity", true);
        if (affinity == null || affinity.equalsIgnoreCase("all")) {
            return null;
        }
        String[] list = affinity.isEmpty() ? new String[0] : affinity.split(",", -1);
        if (list.length < numvcpus) {
            throw VmxParser.error("Expecting VMX entry 'sched.cpu.affinity' to contain at least as many values as "
                + "'numvcpus' (" + numvcpus + ") but found only " + list.length + " value(s)");
        }
        BitSet cpus = new BitSet();
        for (String item : list) {
            Long cpu = item.contains("-") ? null : LibvirtNumbers.uip(stripCSpace(item));
            if (cpu == null) {
                throw VmxParser.error("Expecting VMX entry 'sched.cpu.affinity' to be a comma separated list of "
                    + "unsigned integers but found '" + affinity + "'");
            }
            if (cpu >= CPUMASK_LEN) {
                throw VmxParser.error("VMX entry 'sched.cpu.affinity' contains a " + cpu.intValue()
                    + ", this value is too large");
            }
            cpus.set(cpu.intValue());
        }
        return ranges(cpus);
    }

    private static String stripCSpace(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && LibvirtNumbers.isSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && LibvirtNumbers.isSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    /** virBitmapFormat: "0,3-5". */
    static String ranges(BitSet set) {
        StringBuilder sb = new StringBuilder();
        for (int start = set.nextSetBit(0); start >= 0; ) {
            int end = set.nextClearBit(start) - 1;
            sb.append(sb.length() == 0 ? "" : ",").append(start);
            if (end > start) {
                sb.append('-').append(end);
            }
            start = set.nextSetBit(end + 1);
        }
        return sb.toString();
    }

    /** vm.genid and vm.genidX: the two 64-bit halves of the VM generation id; none when both are 0. */
    private static String genid(Vmx vmx) {
        long hi = vmx.number("vm.genid", 0, true);
        long lo = vmx.number("vm.genidX", 0, true);
        if (hi == 0 && lo == 0) {
            return null;
        }
        return VmxNumbers.parseUuid(String.format(Locale.ROOT, "%016x%016x", hi, lo));
    }

    /** VMware's shared folders (with HGFS enabled) as mount filesystems (virVMXParseFileSystem). */
    private static void fileSystems(Vmx vmx, XmlText x) {
        if (vmx.bool("isolation.tools.hgfs.disable", true, true)) {
            return;
        }
        long max = vmx.number("sharedFolder.maxNum", 0, true);
        // only folders that have entries can be present: the count itself may be anything
        long last = Math.min(max, highestIndex(vmx, "sharedFolder") + 1L);
        for (int i = 0; i < last; i++) {
            String p = "sharedFolder" + i;
            boolean present = vmx.bool(p + ".present", false, true);
            boolean enabled = vmx.bool(p + ".enabled", false, true);
            if (!(present && enabled)) {
                continue;
            }
            String hostPath = vmx.string(p + ".hostPath", false);
            String guestName = vmx.string(p + ".guestName", false);
            boolean writeAccess = vmx.bool(p + ".writeAccess", false, true);
            x.open("filesystem", "type", "mount", "accessmode", "passthrough").empty("source", "dir", hostPath)
                .empty("target", "dir", guestName);
            if (!writeAccess) {
                x.empty("readonly");
            }
            x.close("filesystem");
        }
    }

    /** The highest N of the entries named PREFIX + N + "." (-1 for none). */
    private static long highestIndex(Vmx vmx, String prefix) {
        long max = -1;
        for (String n : vmx.names()) {
            if (n.length() > prefix.length() && n.regionMatches(true, 0, prefix, 0, prefix.length())) {
                int dot = n.indexOf('.', prefix.length());
                String digits = dot < 0 ? "" : n.substring(prefix.length(), dot);
                if (!digits.isEmpty() && digits.length() < 10 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    max = Math.max(max, Long.parseLong(digits));
                }
            }
        }
        return max;
    }

    /** svga.vramSize in KiB, rounded up (libvirt keeps it as an unsigned int). */
    private static long svgaVram(Vmx vmx) {
        long bytes = vmx.number("svga.vramSize", 4 * 1024 * 1024, true);
        return (bytes + 1023) / 1024;
    }

    /** virVMXParseVNC: the VNC display when RemoteDisplay.vnc.enabled. */
    private static String vnc(Vmx vmx) {
        if (!vmx.bool("RemoteDisplay.vnc.enabled", false, true)) {
            return null;
        }
        long port = vmx.number("RemoteDisplay.vnc.port", -1, true);
        String ip = vmx.string("RemoteDisplay.vnc.ip", true);
        String keymap = vmx.string("RemoteDisplay.vnc.keymap", true);
        String passwd = vmx.string("RemoteDisplay.vnc.password", true);
        XmlText g = new XmlText();
        g.open("graphics", "type", "vnc", "port", port < 0 ? null : String.valueOf(port), "autoport",
            port < 0 ? "yes" : "no", "keymap", keymap, "passwd", passwd);
        g.empty("listen", "type", "address", "address", ip);
        return g.close("graphics").toString();
    }
}
