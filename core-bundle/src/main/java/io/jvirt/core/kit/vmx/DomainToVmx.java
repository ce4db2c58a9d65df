package io.jvirt.core.kit.vmx;

import java.math.BigInteger;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CpuDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.GraphicsDef;
import io.jvirt.api.domain.GraphicsListen;
import io.jvirt.api.domain.VideoDef;
import io.jvirt.api.domain.XmlElement;

/**
 * Domain XML to a VMX file, line by line as libvirt's {@code virVMXFormatConfig} writes it for a
 * given virtual hardware version, with its checks and error words: identity, memory, CPUs and
 * display here; disks, controllers and shared folders in {@link VmxWriterDevices}, interfaces in
 * {@link VmxWriterNics}, serial and parallel ports in {@link VmxWriterChars}.
 */
public final class DomainToVmx {

    /** The VMware drivers' parse defaults (wide SCSI bus, VMware's MAC prefix, disk addresses). */
    public static final DomainDefDefaults DEFAULTS = VmwareDefaults.INSTANCE;

    private static final UUID ZERO = new UUID(0, 0);

    private DomainToVmx() {
    }

    /** The VMX text of domain XML {@code xml}; {@code hw} is virtualHW.version (4, 7, 8, ...). */
    public static String toVmx(String xml, VmxContext ctx, int hw) {
        return toVmx(DomainXml.parse(xml, true, DEFAULTS), ctx, hw);
    }

    public static String toVmx(DomainDef def, VmxContext ctx, int hw) {
        if (!"vmware".equals(def.type())) {
            throw VmxParser.error("Expecting virt type to be 'vmware' but found '" + def.type() + "'");
        }
        VmxWriter w = new VmxWriter();
        w.put(".encoding", "UTF-8").put("config.version", "8").put("virtualHW.version", String.valueOf(hw));
        w.put("guestOS", guestOs(def));
        String smbios = def.os().smbiosMode();
        if ("host".equals(smbios)) {
            w.put("smbios.reflecthost", "true");
        } else if (smbios != null && !"emulate".equals(smbios) && !"none".equals(smbios)) {
            throw unsupported("Unsupported SMBIOS mode '" + smbios + "'");
        }
        if (def.uuid() == null || ZERO.equals(def.uuid())) {
            w.put("uuid.action", "create");
        } else {
            w.put("uuid.bios", VmxNumbers.biosUuid(def.uuid().toString()));
        }
        w.put("displayName", VmxNumbers.escapePercent(VmxNumbers.escapePipe(def.name())));
        if (def.description() != null) {
            // libvirt escapes '|' and '"'; line breaks, which it writes raw and so ends the entry and
            // lets the text add entries of its own, are escaped too, as VMware itself writes them
            w.put("annotation", VmxNumbers.escapeHex(def.description(), '|', "\"\n\r"));
        }
        memory(def, w);
        cpus(def, w);
        for (GraphicsDef g : def.graphics()) {
            vnc(g, w);
        }
        boolean hasScsi = VmxWriterDevices.write(def, ctx, w);
        for (int n = 0; n < def.interfaces().size(); n++) {
            VmxWriterNics.ethernet(def.interfaces().get(n), n, w, hw);
        }
        video(def, w);
        VmxWriterChars.write(def, ctx, w);
        if ("efi".equals(def.os().firmware())) {
            w.put("firmware", "efi");
        }
        if (hw >= 7) {
            if (hasScsi) {
                w.put("pciBridge0.present", "true");
                for (int i = 4; i <= 7; i++) {
                    w.put("pciBridge" + i + ".present", "true").put("pciBridge" + i + ".virtualDev", "pcieRootPort")
                        .put("pciBridge" + i + ".functions", "8");
                }
            }
            w.put("vmci0.present", "true");
        }
        return w.toString();
    }

    /**
     * The disk index a target name encodes ("sda" 0, "sdp" 15, "hdb" 1), libvirt's
     * {@code virDiskNameToIndex}; XML_ERROR for a name that encodes none.
     */
    public static int diskIndex(DiskDef d) {
        return VmxWriterDevices.index(d);
    }

    /** guestOS: "other" for i686 (also when no arch is given), "other-64" for x86_64; nothing else. */
    public static String guestOs(DomainDef def) {
        String arch = def.arch();
        if (arch == null || "i686".equals(arch)) {
            return "other";
        }
        if ("x86_64".equals(arch)) {
            return "other-64";
        }
        throw VmxParser.error("Expecting domain XML attribute 'arch' of entry 'os/type' to be 'i686' or 'x86_64' "
            + "but found '" + arch + "'");
    }

    private static void memory(DomainDef def, VmxWriter w) {
        // VMware wants whole multiples of 4 MiB
        long maxBalloon = divUp(def.memoryKiB(), 4096) * 4096;
        w.put("memsize", String.valueOf(maxBalloon / 1024));
        long cur = def.currentMemoryKiB();
        if (cur < maxBalloon) {
            w.put("sched.mem.max", String.valueOf(divUp(cur, 1024)));
        }
        XmlElement memtune = def.kept("memtune");
        XmlElement min = memtune == null ? null : child(memtune, "min_guarantee");
        if (min != null && min.text() != null) {
            long kib = Units.kib(min.text(), min.attributes().get("unit"), "min_guarantee");
            if (kib > 0) {
                w.put("sched.mem.minsize", String.valueOf(divUp(kib, 1024)));
            }
        }
    }

    private static void cpus(DomainDef def, VmxWriter w) {
        int max = def.vcpus();
        if (def.currentVcpus() < max) {
            throw unsupported("No support for domain XML entry 'vcpu' attribute 'current'");
        }
        if (max == 0) {
            throw VmxParser.error("Expecting domain XML entry 'vcpu' to be greater than 0");
        }
        w.put("numvcpus", String.valueOf(max));
        CpuDef cpu = def.cpu();
        if (cpu != null) {
            String mode = cpu.mode() == null ? "custom" : cpu.mode();
            if (!"custom".equals(mode)) {
                throw VmxParser.error("Expecting domain XML CPU mode 'custom' but found '" + mode + "'");
            }
            boolean topology = cpu.sockets() != null;
            // without <topology> libvirt holds zeros, which no VMware topology matches
            int threads = topology ? nz(cpu.threads(), 1) : 0;
            if (threads != 1) {
                throw unsupported("Only 1 thread per core is supported");
            }
            if (nz(cpu.dies(), 1) != 1) {
                throw unsupported("Only 1 die per socket is supported");
            }
            if (nz(cpu.clusters(), 1) != 1) {
                throw unsupported("Only 1 cluster per die is supported");
            }
            int cores = nz(cpu.cores(), 1);
            long calculated = (long) nz(cpu.sockets(), 1) * cores;
            if (calculated != max) {
                throw VmxParser.error("Expecting domain XML CPU sockets per core as " + max + " but found "
                    + calculated);
            }
            w.put("cpuid.coresPerSocket", String.valueOf(cores));
        }
        String cpuset = def.vcpu() == null ? null : def.vcpu().cpuset();
        if (cpuset != null) {
            BitSet cpus = bitmap(cpuset);
            if (!cpus.isEmpty()) {
                if (cpus.cardinality() < max) {
                    throw VmxParser.error("Expecting domain XML attribute 'cpuset' of entry 'vcpu' to contain at "
                        + "least " + max + " CPU(s)");
                }
                StringBuilder sb = new StringBuilder();
                cpus.stream().forEach(c -> sb.append(sb.length() == 0 ? "" : ",").append(c));
                w.put("sched.cpu.affinity", sb.toString());
            }
        }
        XmlElement cputune = def.kept("cputune");
        XmlElement shares = cputune == null ? null : child(cputune, "shares");
        if (shares != null && shares.text() != null) {
            BigInteger s = VmxNumbers.strToUnsignedLong(shares.text().strip());
            if (s == null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "can't parse cputune shares value");
            }
            long vcpus = def.currentVcpus();
            String v = s.equals(BigInteger.valueOf(500 * vcpus)) ? "low"
                : s.equals(BigInteger.valueOf(1000 * vcpus)) ? "normal"
                : s.equals(BigInteger.valueOf(2000 * vcpus)) ? "high" : s.toString();
            w.put("sched.cpu.shares", v);
        }
    }

    private static int nz(Integer v, int dflt) {
        return v == null ? dflt : v;
    }

    /** virBitmapParse: "0-2,^1,5" (the model has checked the syntax). */
    static BitSet bitmap(String spec) {
        BitSet set = new BitSet();
        for (String part : spec.strip().split(",")) {
            String p = part.strip();
            boolean neg = p.startsWith("^");
            if (neg) {
                p = p.substring(1).strip();
            }
            int dash = p.indexOf('-');
            int lo = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).strip());
            int hi = dash < 0 ? lo : Integer.parseInt(p.substring(dash + 1).strip());
            if (neg) {
                set.clear(lo);
            } else {
                set.set(lo, hi + 1);
            }
        }
        return set;
    }

    /** virVMXFormatVNC: VNC only, its port when not automatic, the first listen address, keymap, password. */
    private static void vnc(GraphicsDef g, VmxWriter w) {
        if (!"vnc".equals(g.type())) {
            throw unsupported("Unsupported graphics type '" + g.type() + "'");
        }
        w.put("RemoteDisplay.vnc.enabled", "true");
        Integer port = g.port();
        boolean autoport = g.autoport() != null ? g.autoport() : port == null || port == -1;
        if (!autoport) {
            w.put("RemoteDisplay.vnc.port", String.valueOf(port == null || port == -1 ? 0 : port));
        }
        List<GraphicsListen> listens = g.listens();
        if (!listens.isEmpty() && listens.get(0).address() != null) {
            w.put("RemoteDisplay.vnc.ip", listens.get(0).address());
        }
        if (g.keymap() != null) {
            w.put("RemoteDisplay.vnc.keymap", g.keymap());
        }
        if (g.passwd() != null) {
            w.put("RemoteDisplay.vnc.password", g.passwd());
        }
    }

    /**
     * virVMXFormatSVGA: one VMware SVGA adapter; a domain with graphics and no video gets libvirt's
     * implicit one. VRAM in multiples of 64 KiB, in bytes.
     */
    private static void video(DomainDef def, VmxWriter w) {
        List<VideoDef> videos = def.devices(VideoDef.class);
        if (videos.size() > 1) {
            throw VmxParser.error("No support for multiple video devices");
        }
        Integer vramKiB;
        if (videos.isEmpty()) {
            if (def.graphics().isEmpty()) {
                return;
            }
            vramKiB = null;
        } else {
            VideoDef v = videos.get(0);
            String type = v.modelType() == null || "default".equals(v.modelType()) ? "vmvga" : v.modelType();
            if (!"vmvga".equals(type)) {
                throw unsupported("Unsupported video device type '" + type + "'");
            }
            if (v.heads() != null && v.heads() > 1) {
                throw unsupported("Multi-head video devices are unsupported");
            }
            vramKiB = v.vram();
        }
        // libvirt's default VRAM of a VMware adapter is 4 MiB
        long vram = divUp(vramKiB == null ? 4096 : Integer.toUnsignedLong(vramKiB), 64) * 64;
        w.put("svga.vramSize", String.valueOf(vram * 1024));
    }

    static long divUp(long value, long size) {
        return (value + size - 1) / size;
    }

    static XmlElement child(XmlElement e, String name) {
        for (XmlElement c : e.children()) {
            if (name.equals(c.localName()) || name.equals(c.name())) {
                return c;
            }
        }
        return null;
    }

    static VirtException unsupported(String message) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NONE, message);
    }

    /** Memory sizes with libvirt's units, as virDomainParseMemory scales them (KiB, rounded up). */
    static final class Units {
        private Units() {
        }

        static long kib(String value, String unit, String element) {
            BigInteger n = VmxNumbers.strToUnsignedLong(value.strip());
            if (n == null || value.strip().startsWith("-")) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "Invalid value '" + value
                    + "' for element or attribute '" + element + "'");
            }
            BigInteger scale = switch (unit == null ? "KiB" : unit) {
                case "b", "byte", "bytes", "B" -> BigInteger.ONE;
                case "KB" -> BigInteger.valueOf(1000);
                case "k", "K", "KiB" -> BigInteger.valueOf(1024);
                case "MB" -> BigInteger.TEN.pow(6);
                case "m", "M", "MiB" -> BigInteger.TWO.pow(20);
                case "GB" -> BigInteger.TEN.pow(9);
                case "g", "G", "GiB" -> BigInteger.TWO.pow(30);
                case "TB" -> BigInteger.TEN.pow(12);
                case "t", "T", "TiB" -> BigInteger.TWO.pow(40);
                case "PB" -> BigInteger.TEN.pow(15);
                case "p", "P", "PiB" -> BigInteger.TWO.pow(50);
                case "EB" -> BigInteger.TEN.pow(18);
                case "e", "E", "EiB" -> BigInteger.TWO.pow(60);
                default -> throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "unknown suffix '"
                    + unit + "'");
            };
            BigInteger bytes = n.multiply(scale);
            BigInteger kib = bytes.add(BigInteger.valueOf(1023)).divide(BigInteger.valueOf(1024));
            if (kib.bitLength() > 63) {
                throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.NONE, "value too large: " + value + unit);
            }
            return kib.longValue();
        }
    }

    /**
     * VMX lines in insertion order. A value is written between double quotes, which VMX strings
     * have no escape for: a value holding a quote or a line break would end its entry and add
     * entries of its own (libvirt writes it anyway), so it is refused.
     */
    static final class VmxWriter {
        private final StringBuilder sb = new StringBuilder(1024);

        VmxWriter put(String key, String value) {
            String v = value == null ? "(null)" : value;
            if (v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw unsupported("Cannot write VMX entry '" + key + "': its value holds a double quote or a line "
                    + "break");
            }
            sb.append(key).append(" = \"").append(v).append("\"\n");
            return this;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
