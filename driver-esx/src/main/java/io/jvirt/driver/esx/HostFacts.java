package io.jvirt.driver.esx;

import io.jvirt.api.NodeInfo;
import io.jvirt.core.kit.remote.XmlDom;

/** Node facts read from the connection's host system (libvirt's esxNodeGetInfo and friends). */
final class HostFacts {

    private final VimSession s;
    private final Inventory inv;

    HostFacts(VimSession s, Inventory inv) {
        this.s = s;
        this.inv = inv;
    }

    /** "6.5.0" as libvirt's number 6005000 (major * 1,000,000 + minor * 1,000 + micro). */
    static long version(String v) {
        if (v == null) {
            return 0;
        }
        String[] p = v.split("\\.");
        long out = 0;
        long[] scale = {1_000_000, 1_000, 1};
        for (int i = 0; i < Math.min(3, p.length); i++) {
            try {
                out += Long.parseLong(p[i].replaceAll("\\D.*", "")) * scale[i];
            } catch (NumberFormatException e) {
                break;
            }
        }
        return out;
    }

    /**
     * The virtual hardware version a new VM gets on a host of this product version (libvirt's
     * {@code esxVI_ProductVersionToDefaultVirtualHWVersion}): 4 on ESX 3.5, 7 on 4.x, 8 on 5.0,
     * 9 on 5.1, 10 on 5.5, 11 on 6.0, 13 on 6.5, 14 on 6.7, 17 on 7.0 and later.
     */
    static int virtualHwVersion(String productVersion) {
        long v = version(productVersion) / 1000; // major * 1000 + minor
        if (v >= 7000) {
            return 17;
        }
        if (v >= 6007) {
            return 14;
        }
        if (v >= 6005) {
            return 13;
        }
        if (v >= 6000) {
            return 11;
        }
        if (v >= 5005) {
            return 10;
        }
        if (v >= 5001) {
            return 9;
        }
        if (v >= 5000) {
            return 8;
        }
        return v >= 4000 ? 7 : 4;
    }

    /** The host's DNS name (hostName.domainName), else its inventory name. */
    String hostname() {
        ObjectContent h = s.retrieve(inv.hostSystem(), "config.network.dnsConfig.hostName",
            "config.network.dnsConfig.domainName");
        String name = h.str("config.network.dnsConfig.hostName");
        String domain = h.str("config.network.dnsConfig.domainName");
        if (name == null || name.isEmpty()) {
            return inv.hostName();
        }
        return domain == null || domain.isEmpty() ? name : name + "." + domain;
    }

    NodeInfo nodeInfo() {
        ObjectContent h = s.retrieve(inv.hostSystem(), "summary.hardware", "hardware.numaInfo.numNodes");
        var hw = h.get("summary.hardware");
        long memory = num(XmlDom.text(hw, "memorySize"), 0) / 1024;
        int mhz = (int) num(XmlDom.text(hw, "cpuMhz"), 0);
        int pkgs = (int) Math.max(1, num(XmlDom.text(hw, "numCpuPkgs"), 1));
        int cores = (int) Math.max(1, num(XmlDom.text(hw, "numCpuCores"), 1));
        int threads = (int) Math.max(1, num(XmlDom.text(hw, "numCpuThreads"), cores));
        int nodes = (int) Math.max(1, h.num("hardware.numaInfo.numNodes", 1));
        String model = XmlDom.text(hw, "cpuModel");
        // libvirt squeezes the runs of blanks VMware pads CPU models with
        model = model == null ? "" : model.trim().replaceAll("\\s+", " ");
        if (model.length() > 31) {
            model = model.substring(0, 31);
        }
        return new NodeInfo(model, memory, cores, mhz, nodes, Math.max(1, pkgs / nodes), Math.max(1, cores / pkgs),
            Math.max(1, threads / cores));
    }

    int maxVcpus() {
        ObjectContent h = s.retrieve(inv.hostSystem(), "capability.maxSupportedVcpus");
        long max = h.num("capability.maxSupportedVcpus", 0);
        // hosts that do not say (older ESX, vcsim): the host's core count
        return max > 0 ? (int) max : Math.max(1, nodeInfo().cpus());
    }

    /** A capabilities document: the host and the hvm guests (i686, x86_64) of domain type vmware. */
    String capabilities() {
        ObjectContent h = s.retrieve(inv.hostSystem(), "hardware.systemInfo.uuid");
        String uuid = h.str("hardware.systemInfo.uuid");
        NodeInfo n = nodeInfo();
        StringBuilder sb = new StringBuilder("<capabilities>\n\n  <host>\n");
        if (uuid != null) {
            sb.append("    <uuid>").append(uuid).append("</uuid>\n");
        }
        sb.append("    <cpu>\n      <arch>x86_64</arch>\n")
            .append("      <topology sockets='").append(n.sockets()).append("' dies='1' cores='").append(n.cores())
            .append("' threads='").append(n.threads()).append("'/>\n    </cpu>\n")
            .append("    <power_management/>\n    <iommu support='no'/>\n  </host>\n\n");
        for (String arch : new String[] {"i686", "x86_64"}) {
            sb.append("  <guest>\n    <os_type>hvm</os_type>\n    <arch name='").append(arch).append("'>\n")
                .append("      <wordsize>").append("i686".equals(arch) ? 32 : 64).append("</wordsize>\n")
                .append("      <domain type='vmware'/>\n    </arch>\n  </guest>\n\n");
        }
        return sb.append("</capabilities>\n").toString();
    }

    private static long num(String s, long dflt) {
        try {
            return s == null ? dflt : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
