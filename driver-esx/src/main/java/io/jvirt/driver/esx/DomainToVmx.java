package io.jvirt.driver.esx;

import java.util.Locale;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.VideoDef;
import io.jvirt.api.domain.GraphicsDef;
import io.jvirt.api.domain.GraphicsListen;
import io.jvirt.api.domain.XmlElement;

/**
 * Domain XML to a VMX file (libvirt's {@code virVMXFormatConfig}), for a given virtual hardware
 * version: the VM's identity, memory and CPUs here, devices in {@link VmxWriterDevices}. Lines
 * come in libvirt's order so that a generated file compares line by line with libvirt's.
 */
public final class DomainToVmx {

    /** The vmware driver's defaults: VMware's own MAC prefix 00:0c:29 for interfaces without one. */
    static final DomainDefDefaults DEFAULTS = new DomainDefDefaults() {
        @Override
        public void apply(DomainDef def) {
        }

        @Override
        public String generateMac() {
            java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
            return String.format("00:0c:29:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256));
        }
    };

    private DomainToVmx() {
    }

    /** The VMX text of domain XML {@code xml}; {@code hw} is virtualHW.version (4, 7, 8, ...). */
    public static String toVmx(String xml, DatastorePaths paths, int hw) {
        return toVmx(DomainXml.parse(xml, true, DEFAULTS), hw);
    }

    public static String toVmx(DomainDef def, int hw) {
        if (!"vmware".equals(def.type())) {
            throw VmxParser.error("Expecting virt type to be 'vmware' but found '" + def.type() + "'");
        }
        VmxWriter w = new VmxWriter();
        w.put(".encoding", "UTF-8").put("config.version", "8").put("virtualHW.version", String.valueOf(hw));
        w.put("guestOS", guestOs(def));
        if ("host".equals(def.os().smbiosMode())) {
            w.put("smbios.reflecthost", "true");
        }
        if ("efi".equals(def.os().firmware())) {
            w.put("firmware", "efi");
        }
        String hex = def.uuid().toString().replace("-", "");
        StringBuilder u = new StringBuilder();
        for (int i = 0; i < 32; i += 2) {
            u.append(i == 0 ? "" : i == 16 ? "-" : " ").append(hex, i, i + 2);
        }
        w.put("uuid.bios", u.toString());
        w.put("displayName", escapePercent(escapePipe(def.name(), false)));
        if (def.description() != null) {
            w.put("annotation", escapePipe(def.description(), true));
        }
        memory(def, w);
        cpus(def, w);
        for (GraphicsDef g : def.graphics()) {
            vnc(g, w);
        }
        VmxWriterDevices.write(def, w);
        boolean video = false;
        for (VideoDef v : def.devices(VideoDef.class)) {
            if (v.modelType() != null && !"vmvga".equals(v.modelType())) {
                throw VmxParser.error("Unsupported video adapter type '" + v.modelType() + "'");
            }
            w.put("svga.vramSize", String.valueOf((v.vram() == null ? 4096L : v.vram().longValue()) * 1024));
            video = true;
            break;
        }
        if (!video && !def.graphics().isEmpty()) {
            // libvirt adds the implicit video adapter of a domain with graphics: VMware's SVGA, 4 MiB
            w.put("svga.vramSize", String.valueOf(4096 * 1024));
        }
        if (hw >= 9) {
            w.put("pciBridge0.present", "true");
            for (int i = 4; i <= 7; i++) {
                w.put("pciBridge" + i + ".present", "true").put("pciBridge" + i + ".virtualDev", "pcieRootPort")
                    .put("pciBridge" + i + ".functions", "8");
            }
        }
        if (hw >= 7) {
            w.put("vmci0.present", "true");
        }
        return w.toString();
    }

    /** "other-64" for x86_64 guests, "other" for the rest (libvirt cannot represent more). */
    static String guestOs(DomainDef def) {
        return "x86_64".equals(def.arch()) ? "other-64" : "other";
    }

    private static void memory(DomainDef def, VmxWriter w) {
        long mb = (def.memoryKiB() + 1023) / 1024;
        mb = (mb + 3) / 4 * 4; // VMware wants multiples of 4 MiB
        w.put("memsize", String.valueOf(mb));
        long cur = def.currentMemoryKiB();
        if (cur > 0 && cur < def.memoryKiB()) {
            w.put("sched.mem.max", String.valueOf((cur + 1023) / 1024));
        }
        XmlElement memtune = def.kept("memtune");
        XmlElement min = memtune == null ? null : child(memtune, "min_guarantee");
        if (min != null && min.text() != null) {
            w.put("sched.mem.minsize", String.valueOf((Long.parseLong(min.text().strip()) + 1023) / 1024));
        }
    }

    private static void cpus(DomainDef def, VmxWriter w) {
        int n = def.vcpus();
        if (def.currentVcpus() != n) {
            throw VmxParser.error("No support for domain XML entry 'vcpu' attribute 'current'");
        }
        if (n <= 0 || n % 2 != 0 && n != 1) {
            throw VmxParser.error("Expecting domain XML entry 'vcpu' to be 1 or a multiple of 2 but found " + n);
        }
        w.put("numvcpus", String.valueOf(n));
        if (def.cpu() != null && def.cpu().sockets() != null) {
            int cores = def.cpu().cores() == null ? 1 : def.cpu().cores();
            int threads = def.cpu().threads() == null ? 1 : def.cpu().threads();
            if (threads != 1 || def.cpu().sockets() * cores != n) {
                throw VmxParser.error("Only 1 thread per core is supported, and sockets x cores must equal the vCPUs");
            }
            w.put("cpuid.coresPerSocket", String.valueOf(cores));
        }
        String cpuset = def.vcpu() == null ? null : def.vcpu().cpuset();
        if (cpuset != null) {
            StringBuilder sb = new StringBuilder();
            for (String part : cpuset.split(",")) {
                String[] r = part.strip().split("-");
                int a = Integer.parseInt(r[0].strip());
                int b = r.length > 1 ? Integer.parseInt(r[1].strip()) : a;
                for (int c = a; c <= b; c++) {
                    sb.append(sb.length() == 0 ? "" : ",").append(c);
                }
            }
            w.put("sched.cpu.affinity", sb.toString());
        }
        XmlElement cputune = def.kept("cputune");
        XmlElement shares = cputune == null ? null : child(cputune, "shares");
        if (shares != null && shares.text() != null) {
            long s = Long.parseLong(shares.text().strip());
            w.put("sched.cpu.shares", s == 500L * n ? "low" : s == 1000L * n ? "normal" : s == 2000L * n ? "high"
                : String.valueOf(s));
        }
    }

    private static void vnc(GraphicsDef g, VmxWriter w) {
        if (!"vnc".equals(g.type())) {
            throw VmxParser.error("Unsupported graphics type '" + g.type() + "'");
        }
        w.put("RemoteDisplay.vnc.enabled", "true");
        if (!Boolean.TRUE.equals(g.autoport()) && g.port() != null && g.port() >= 0) {
            w.put("RemoteDisplay.vnc.port", String.valueOf(g.port()));
        }
        for (GraphicsListen l : g.listens()) {
            if (l.address() != null) {
                w.put("RemoteDisplay.vnc.ip", l.address());
                break;
            }
        }
        if (g.keymap() != null) {
            w.put("RemoteDisplay.vnc.keymap", g.keymap());
        }
        if (g.passwd() != null) {
            w.put("RemoteDisplay.vnc.password", g.passwd());
        }
    }

    static XmlElement child(XmlElement e, String name) {
        for (XmlElement c : e.children()) {
            if (name.equals(c.localName()) || name.equals(c.name())) {
                return c;
            }
        }
        return null;
    }

    /** VMware's |XX escaping: '|' and '"' always, and for annotations also line breaks. */
    static String escapePipe(String s, boolean annotation) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '|' || c == '"' || annotation && (c == '\n' || c == '\r')) {
                out.append('|').append(String.format("%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String escapePercent(String s) {
        return s.replace("%", "%25");
    }

    /** VMX lines in insertion order. */
    static final class VmxWriter {
        private final StringBuilder sb = new StringBuilder(1024);

        VmxWriter put(String key, String value) {
            sb.append(key).append(" = \"").append(value).append("\"\n");
            return this;
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
