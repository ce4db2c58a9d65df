package io.jvirt.driver.hyperv;

import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.VirtException;

/**
 * What the host tells of itself, as libvirt's hypervNodeGetInfo, hypervConnectGetHostname and
 * hypervConnectGetVersion read it: {@code Win32_ComputerSystem}, its {@code Win32_Processor}s and
 * {@code Win32_OperatingSystem.Version}.
 */
final class HostFacts {

    private final WsmanClient wsman;

    HostFacts(WsmanClient wsman) {
        this.wsman = wsman;
    }

    /** {@code Win32_OperatingSystem.Version} ("10.0.17763"), read once at open as libvirt does. */
    String osVersion(String host) {
        List<WmiObject> os = wsman.enumerate("Win32_OperatingSystem", "SELECT * FROM Win32_OperatingSystem ");
        if (os.isEmpty() || os.get(0).str("Version") == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not get version information for host " + host);
        }
        return os.get(0).str("Version").strip();
    }

    /**
     * libvirt's packing of a Windows version: major * 100000000 + minor * 1000000 + micro
     * ("10.0.17763" is 1000017763), refusing parts that would not fit.
     */
    static long packVersion(String version) {
        String[] parts = version.split("\\.", -1);
        long[] n = new long[3];
        try {
            if (parts.length < 3) {
                throw new NumberFormatException();
            }
            for (int i = 0; i < 3; i++) {
                // libvirt's virStrToLong_ui reads the leading digits of the last part only
                String p = i == 2 ? parts[2].replaceFirst("^(\\d+).*$", "$1") : parts[i];
                n[i] = Long.parseLong(p);
                if (n[i] < 0) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Could not parse version from '" + version + "'");
        }
        if (n[0] > 99 || n[1] > 99 || n[2] > 999999) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not produce packed version number from '" + version + "'");
        }
        return n[0] * 100000000L + n[1] * 1000000L + n[2];
    }

    private WmiObject computerSystem() {
        List<WmiObject> cs = wsman.enumerate("Win32_ComputerSystem", "SELECT * FROM Win32_ComputerSystem ");
        if (cs.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Could not look up Win32_ComputerSystem");
        }
        return cs.get(0);
    }

    /** libvirt's hypervConnectGetMaxVcpus: the host's maximum processor definition. */
    int maxVcpus(String host) {
        List<WmiObject> l = wsman.enumerate("Msvm_ProcessorSettingData",
            "SELECT * FROM Msvm_ProcessorSettingData WHERE InstanceID LIKE 'Microsoft:Definition%Maximum'");
        if (l.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not get maximum definition of Msvm_ProcessorSettingData for host " + host);
        }
        long n = l.get(0).number("VirtualQuantity", -1);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "The host's maximum processor definition has no usable VirtualQuantity: " + n);
        }
        return (int) n;
    }

    /**
     * libvirt's hypervCapsInit and virCapabilitiesFormatXML: an x86_64 host with offline and live
     * migration, whose UUID is the BIOS UUID of {@code Win32_ComputerSystemProduct}, and hvm guests
     * for i686 and x86_64 of domain type hyperv. libvirt builds this once at open and fails the open
     * on a UUID it cannot parse; a stateless connection builds it per call and fails the call.
     */
    String capabilities() {
        List<WmiObject> product = wsman.enumerate("Win32_ComputerSystemProduct", "SELECT * FROM Win32_ComputerSystemProduct ");
        if (product.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Could not look up Win32_ComputerSystemProduct");
        }
        String text = product.get(0).str("UUID");
        java.util.UUID uuid = io.jvirt.api.domain.LibvirtUuids.parse(text);
        if (uuid == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not parse UUID from string '" + text + "'");
        }
        StringBuilder b = new StringBuilder("<capabilities>\n\n  <host>\n    <uuid>").append(uuid).append("</uuid>\n")
            .append("    <cpu>\n      <arch>x86_64</arch>\n    </cpu>\n    <power_management/>\n")
            .append("    <iommu support='no'/>\n    <migration_features>\n      <live/>\n    </migration_features>\n")
            .append("  </host>\n\n");
        for (String arch : new String[] {"i686", "x86_64"}) {
            b.append("  <guest>\n    <os_type>hvm</os_type>\n    <arch name='").append(arch).append("'>\n      <wordsize>")
                .append("i686".equals(arch) ? 32 : 64).append("</wordsize>\n      <domain type='hyperv'/>\n    </arch>\n")
                .append("  </guest>\n\n");
        }
        return b.append("</capabilities>\n").toString();
    }

    String hostname() {
        return computerSystem().required("DNSHostName");
    }

    NodeInfo nodeInfo() {
        WmiObject cs = computerSystem();
        String name = cs.required("Name");
        List<WmiObject> cpus = wsman.enumerate("Win32_Processor", "ASSOCIATORS OF {Win32_ComputerSystem.Name='"
            + Wsman.wqlString(name) + "'} WHERE AssocClass = Win32_ComputerSystemProcessor ResultClass = Win32_Processor");
        if (cpus.isEmpty()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "Could not look up processor(s) on '" + name + "'");
        }
        WmiObject first = cpus.get(0);
        int sockets = cpus.size();
        int cores = (int) Math.max(1, first.number("NumberOfCores", 1));
        int threads = (int) Math.max(1, first.number("NumberOfLogicalProcessors", cores) / cores);
        return new NodeInfo(cpuModel(first.required("Name")), cs.number("TotalPhysicalMemory", 0) / 1024, sockets * cores,
            (int) first.number("MaxClockSpeed", 0), 1, sockets, cores, threads);
    }

    /**
     * libvirt's shortening of a processor name to fit 32 characters: runs of spaces become one,
     * "(R)", "(C)" and "(TM)" go, and the name ends before " @ " ("Intel Xeon CPU E5-2680 v4").
     */
    static String cpuModel(String name) {
        StringBuilder b = new StringBuilder(name);
        int i = 0;
        while (i < b.length()) {
            String rest = b.substring(i);
            if (rest.startsWith("  ")) {
                b.deleteCharAt(i);
            } else if (rest.startsWith("(R)") || rest.startsWith("(C)")) {
                b.delete(i, i + 3);
            } else if (rest.startsWith("(TM)")) {
                b.delete(i, i + 4);
            } else if (rest.startsWith(" @ ")) {
                b.setLength(i);
                break;
            } else {
                i++;
            }
        }
        if (b.length() > 31) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV, "CPU model " + b + " too long for destination");
        }
        return b.toString();
    }
}
