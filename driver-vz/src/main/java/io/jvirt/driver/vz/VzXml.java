package io.jvirt.driver.vz;

import java.util.Comparator;

import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.MacAddress;
import io.jvirt.api.domain.XmlEscape;

/**
 * The {@code <domain type='vz'>} of one environment, from what prlctl's listing says of it (libvirt's
 * prlsdkLoadDomain over the SDK, its parallels driver over the same JSON): name, UUID, memory (Mb to
 * KiB, maximum and current the same), CPUs, os type {@code exe} with init {@code /sbin/init} for a
 * container or {@code hvm} for a virtual machine on x86_64, the lifecycle actions libvirt sets
 * (poweroff destroy, reboot restart, crash destroy), the disks (a container's root disk, which has
 * no port, as its root filesystem), and the NICs on their networks.
 */
final class VzXml {

    private VzXml() {
    }

    static String of(VzEnv e) {
        StringBuilder x = new StringBuilder("<domain type='vz'>");
        x.append("<name>").append(XmlEscape.text(e.name())).append("</name>");
        x.append("<uuid>").append(e.uuid()).append("</uuid>");
        long kib = e.memoryMb() * 1024;
        x.append("<memory unit='KiB'>").append(kib).append("</memory>");
        x.append("<currentMemory unit='KiB'>").append(kib).append("</currentMemory>");
        x.append("<vcpu placement='static'>").append(e.cpus()).append("</vcpu>");
        x.append("<os>");
        if (e.container()) {
            x.append("<type arch='x86_64'>exe</type><init>/sbin/init</init>");
        } else {
            x.append("<type arch='x86_64'>hvm</type>");
        }
        x.append("</os>");
        x.append("<on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>");
        x.append("<devices>");
        e.disks().stream().filter(d -> d.bus() != null)
            .sorted(Comparator.comparing(VzEnv.Disk::bus).thenComparingInt(VzEnv.Disk::position))
            .forEach(d -> disk(d, x));
        e.disks().stream().filter(d -> d.bus() == null).findFirst().ifPresent(d -> root(d, x));
        for (VzEnv.Nic n : e.nics()) {
            StringBuilder mac = new StringBuilder();
            for (int k = 0; k < 12; k += 2) {
                mac.append(k == 0 ? "" : ":").append(n.mac(), k, k + 2);
            }
            x.append("<interface type='network'><mac address='").append(MacAddress.canonical(mac.toString())).append("'/>");
            x.append("<source network='").append(XmlEscape.attribute(n.network())).append("'/>");
            x.append("</interface>");
        }
        x.append("</devices></domain>");
        // read back through jvirt's domain model, so it is formatted as every other driver's
        return DomainXml.format(DomainXml.parse(x.toString()), e.id());
    }

    private static void disk(VzEnv.Disk d, StringBuilder x) {
        String type = d.block() ? "block" : "file";
        x.append("<disk type='").append(type).append("' device='disk'>");
        x.append("<source ").append(d.block() ? "dev" : "file").append("='").append(XmlEscape.attribute(d.source()))
            .append("'/>");
        String prefix = d.bus().equals("ide") ? "hd" : "sd";
        x.append("<target dev='").append(VzDefinition.diskName(prefix, d.position())).append("' bus='").append(d.bus())
            .append("'/>");
        x.append("</disk>");
    }

    /** A container's root disk: libvirt's vz shows the ploop image as the filesystem mounted at /. */
    private static void root(VzEnv.Disk d, StringBuilder x) {
        x.append("<filesystem type='file' accessmode='passthrough'><driver type='ploop' format='ploop'/>");
        x.append("<source file='").append(XmlEscape.attribute(d.source())).append("'/><target dir='/'/></filesystem>");
    }
}
