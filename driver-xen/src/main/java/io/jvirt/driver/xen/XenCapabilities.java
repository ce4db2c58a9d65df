package io.jvirt.driver.xen;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libvirt's libxl capabilities (libxl_capabilities.c: libxlMakeCapabilities) from {@code xl info}:
 * the host's CPU and topology, and one guest per kind {@code xen_caps} lists ("xen-3.0-x86_64": PV,
 * with PVH as its machine xenpvh; "hvm-3.0-x86_32p": HVM with PAE...), with libxl's machines, emulator and hvmloader.
 */
final class XenCapabilities {

    /** libvirt's regex over xen_caps. */
    private static final Pattern CAP = Pattern.compile("(xen|hvm)-[0-9]+\\.[0-9]+-(aarch64|armv7l|x86_32|x86_64)(p|be)?");
    private static final String EMULATOR = "/usr/lib/xen/bin/qemu-system-i386";

    private XenCapabilities() {
    }

    private record Guest(String osType, String arch, boolean pae, boolean nonpae) {
    }

    static String format(Map<String, String> facts, NodeTopology topo) {
        Set<Guest> guests = new LinkedHashSet<>();
        Matcher m = CAP.matcher(facts.getOrDefault("xen_caps", ""));
        while (m.find()) {
            String arch = switch (m.group(2)) {
                case "x86_32" -> "i686";
                case "x86_64" -> "x86_64";
                default -> m.group(2);
            };
            boolean hvm = "hvm".equals(m.group(1));
            boolean pae = "p".equals(m.group(3)) || "x86_64".equals(arch);
            if (hvm) {
                guests.add(new Guest("hvm", arch, pae, "i686".equals(arch) && !pae));
            } else {
                guests.add(new Guest("xen", arch, pae, false));
            }
        }
        String hostArch = facts.getOrDefault("machine", "x86_64").replaceAll("[^A-Za-z0-9_]", "");
        StringBuilder b = new StringBuilder("<capabilities>\n\n  <host>\n    <cpu>\n      <arch>").append(hostArch).append("</arch>\n")
            .append("      <topology sockets='").append(topo.sockets()).append("' dies='1' cores='").append(topo.cores())
            .append("' threads='").append(topo.threads()).append("'/>\n    </cpu>\n")
            .append("    <power_management/>\n")
            .append("    <migration_features>\n      <live/>\n    </migration_features>\n  </host>\n");
        for (Guest g : guests) {
            boolean hvm = "hvm".equals(g.osType());
            b.append("\n  <guest>\n    <os_type>").append(g.osType()).append("</os_type>\n")
                .append("    <arch name='").append(g.arch()).append("'>\n")
                .append("      <wordsize>").append(g.arch().equals("i686") || g.arch().equals("armv7l") ? 32 : 64).append("</wordsize>\n")
                .append("      <emulator>").append(EMULATOR).append("</emulator>\n");
            if (hvm) {
                b.append("      <loader>").append(XenDefaults.HVMLOADER).append("</loader>\n");
            }
            // PVH runs as a xen guest on the machine xenpvh (libvirt 9.0's schema has no os_type of its own for it)
            b.append(hvm ? "      <machine>xenfv</machine>\n" : "      <machine>xenpv</machine>\n      <machine>xenpvh</machine>\n")
                .append("      <domain type='xen'/>\n    </arch>\n");
            if (g.pae() || g.nonpae() || hvm) {
                b.append("    <features>\n");
                if (g.pae()) {
                    b.append("      <pae/>\n");
                }
                if (g.nonpae()) {
                    b.append("      <nonpae/>\n");
                }
                if (hvm) {
                    b.append("      <acpi default='on' toggle='yes'/>\n      <apic default='on' toggle='no'/>\n")
                        .append("      <hap default='on' toggle='yes'/>\n");
                }
                b.append("    </features>\n");
            }
            b.append("  </guest>\n");
        }
        return b.append("\n</capabilities>\n").toString();
    }

    /** The topology of {@code xl info}. */
    record NodeTopology(int sockets, int cores, int threads) {
    }
}
