package io.jvirt.driver.esx;

import java.util.Locale;
import java.util.TreeSet;

import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.driver.esx.VmxParser.Vmx;

/**
 * VMX to libvirt's {@code <domain type='vmware'>} (libvirt's {@code virVMXParseConfig}): the VM's
 * identity, memory, CPUs and OS here, devices in {@link VmxDevices}. The result is written as
 * domain XML text and read back through the domain model, so it is formatted exactly as every
 * other domain.
 */
public final class VmxToDomain {

    static final String VMWARE_NS = "http://libvirt.org/schemas/domain/vmware/1.0";

    private VmxToDomain() {
    }

    /** The domain XML of {@code vmx} (not running). */
    public static String toXml(Vmx vmx, DatastorePaths paths) {
        return toXml(vmx, paths, -1);
    }

    /** The domain XML of {@code vmx}; {@code id} &gt;= 0 for a running VM. */
    public static String toXml(Vmx vmx, DatastorePaths paths, int id) {
        return DomainXml.format(toDef(vmx, paths), id, true);
    }

    public static DomainDef toDef(Vmx vmx, DatastorePaths paths) {
        DomainDef def = DomainXml.parse(toText(vmx, paths), false);
        // libvirt's converter sets no boot device; the model's generic default would add one
        def.os().bootDevices().clear();
        return def;
    }

    static String toText(Vmx vmx, DatastorePaths paths) {
        long configVersion = vmx.num("config.version", 0);
        if (configVersion != 8) {
            throw VmxParser.error("Expecting VMX entry 'config.version' to be 8 but found " + configVersion);
        }
        long hw = vmx.num("virtualHW.version", 0);
        if (hw < 4) {
            throw VmxParser.error("Expecting VMX entry 'virtualHW.version' to be 4 or higher but found " + hw);
        }
        XmlText x = new XmlText();
        x.open("domain", "type", "vmware", "xmlns:vmware", paths.datacenterPath() != null ? VMWARE_NS : null);
        String name = vmx.get("displayName");
        x.text("name", name == null ? "" : unescapePercent(name));
        x.text("uuid", uuid(vmx.get("uuid.bios")));
        String genid = genid(vmx);
        if (genid != null) {
            x.text("genid", genid);
        }
        if (vmx.get("annotation") != null) {
            x.text("description", unescapePipe(vmx.get("annotation")));
        }
        memory(vmx, x);
        long vcpus = vcpus(vmx, x);
        String guestOs = vmx.get("guestOS");
        boolean x64 = guestOs != null && guestOs.toLowerCase(Locale.ROOT).endsWith("-64");
        x.open("os", "firmware", "efi".equalsIgnoreCase(vmx.get("firmware")) ? "efi" : null);
        x.text("type", "hvm", "arch", x64 ? "x86_64" : "i686");
        if (vmx.bool("smbios.reflecthost", false)) {
            x.empty("smbios", "mode", "host");
        }
        x.close("os");
        long cores = vmx.num("cpuid.coresPerSocket", 0);
        if (cores > 0) {
            if (vcpus % cores != 0) {
                throw VmxParser.error("Expecting VMX entry 'cpuid.coresPerSocket' to be a divisor of 'numvcpus' but found "
                    + cores);
            }
            x.open("cpu").empty("topology", "sockets", String.valueOf(vcpus / cores), "dies", "1", "clusters", "1",
                "cores", String.valueOf(cores), "threads", "1").close("cpu");
        }
        x.empty("clock", "offset", "utc");
        x.text("on_poweroff", "destroy").text("on_reboot", "restart").text("on_crash", "destroy");
        x.open("devices");
        VmxDevices.write(vmx, paths, x);
        long vram = vmx.num("svga.vramSize", 4096 * 1024);
        x.open("video").empty("model", "type", "vmvga", "vram", String.valueOf(vram / 1024), "primary", "yes")
            .close("video");
        x.close("devices");
        if (paths.datacenterPath() != null) {
            x.text("vmware:datacenterpath", paths.datacenterPath());
        }
        return x.close("domain").toString();
    }

    private static void memory(Vmx vmx, XmlText x) {
        long memsize = vmx.num("memsize", 32);
        if (memsize <= 0 || memsize % 4 != 0) {
            throw VmxParser.error("Expecting VMX entry 'memsize' to be an unsigned integer (multiple of 4) but found "
                + memsize);
        }
        long max = vmx.num("sched.mem.max", memsize);
        long cur = max < 0 || max > memsize ? memsize : max;
        x.text("memory", memsize * 1024, "unit", "KiB").text("currentMemory", cur * 1024, "unit", "KiB");
        long min = vmx.num("sched.mem.minsize", 0);
        if (min > 0) {
            x.open("memtune").text("min_guarantee", Math.min(min, memsize) * 1024, "unit", "KiB").close("memtune");
        }
    }

    private static long vcpus(Vmx vmx, XmlText x) {
        long n = vmx.num("numvcpus", 1);
        if (n <= 0 || n % 2 != 0 && n != 1) {
            throw VmxParser.error("Expecting VMX entry 'numvcpus' to be an unsigned integer (1 or a multiple of 2) but found "
                + n);
        }
        x.text("vcpu", n, "placement", "static", "cpuset", cpuset(vmx.get("sched.cpu.affinity")));
        String shares = vmx.get("sched.cpu.shares");
        if (shares != null) {
            long value = switch (shares.toLowerCase(Locale.ROOT)) {
                case "low" -> 500 * n;
                case "normal" -> 1000 * n;
                case "high" -> 2000 * n;
                default -> vmx.num("sched.cpu.shares", 0);
            };
            x.open("cputune").text("shares", value).close("cputune");
        }
        return n;
    }

    /** "0,3,4,5" as "0,3-5"; "all" (and absence) as no cpuset. */
    private static String cpuset(String affinity) {
        if (affinity == null || affinity.isBlank() || "all".equalsIgnoreCase(affinity.strip())) {
            return null;
        }
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String p : affinity.split(",")) {
            try {
                cpus.add(Integer.parseInt(p.strip()));
            } catch (NumberFormatException e) {
                throw VmxParser.error("Expecting VMX entry 'sched.cpu.affinity' to be a comma separated list of unsigned "
                    + "integers but found '" + affinity + "'");
            }
        }
        StringBuilder sb = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int c : cpus) {
            if (prev != null && c == prev + 1) {
                prev = c;
                continue;
            }
            appendRange(sb, start, prev);
            start = c;
            prev = c;
        }
        appendRange(sb, start, prev);
        return sb.toString();
    }

    private static void appendRange(StringBuilder sb, Integer start, Integer end) {
        if (start == null) {
            return;
        }
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(start);
        if (end > start) {
            sb.append('-').append(end);
        }
    }

    /** vm.genid and vm.genidX: the two signed 64-bit halves of the VM generation id. */
    private static String genid(Vmx vmx) {
        if (!vmx.has("vm.genid") || !vmx.has("vm.genidX")) {
            return null;
        }
        String hex = String.format("%016x%016x", vmx.num("vm.genid", 0), vmx.num("vm.genidX", 0));
        return uuid(hex);
    }

    /** "50 11 5e 16 9b dc 49 d7-f1 71 53 c4 d7 f9 17 10" as a UUID; all zeros when absent, as libvirt. */
    static String uuid(String bios) {
        if (bios == null) {
            return "00000000-0000-0000-0000-000000000000";
        }
        String hex = bios.replaceAll("[\\s-]", "");
        if (!hex.matches("[0-9a-fA-F]{32}")) {
            throw VmxParser.error("Could not parse UUID from string '" + bios + "'");
        }
        hex = hex.toLowerCase(Locale.ROOT);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
            + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** VMware escapes special characters in the annotation as |XX (hex). */
    static String unescapePipe(String s) {
        return unescape(s, '|');
    }

    /** ... and in the display name as %XX. */
    static String unescapePercent(String s) {
        return unescape(s, '%');
    }

    private static String unescape(String s, char mark) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == mark && isHex(s, i + 1) && isHex(s, i + 2)) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }

    static VirtException unsupported(String what) {
        return VmxParser.error(what);
    }
}
