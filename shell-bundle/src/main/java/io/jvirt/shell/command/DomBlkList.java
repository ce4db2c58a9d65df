package io.jvirt.shell.command;

import java.util.Set;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.domain.XmlElement;

/** virsh's domblklist: the domain's disks from its XML (virsh reads them there too, no API call of its own). */
@Command(scope = "virt", name = "domblklist", description = "list all domain blocks")
@Service
public class DomBlkList extends DomainFlagsCommand {

    private static final Set<String> SOURCE = Set.of("file", "dev", "dir", "name", "volume", "path");

    @Option(name = "--inactive", description = "get inactive rather than running configuration")
    boolean inactive;
    @Option(name = "--details", description = "additionally display the type and device value")
    boolean details;

    @Override
    protected void run() throws Exception {
        VirshTable table = details ? new VirshTable("Type", "Device", "Target", "Source") : new VirshTable("Target", "Source");
        for (XmlElement disk : DomainDevicesXml.devices(lookup(), inactive, "disk")) {
            String type = DomainDevicesXml.attribute(disk, "type");
            String device = DomainDevicesXml.attribute(disk, "device");
            if (details && (type == null || device == null)) {
                // virsh prints this one with vshPrint, on standard output and without a newline, and fails
                out().print("unable to query block list details");
                throw quietFailure("unable to query block list details");
            }
            XmlElement targetElement = DomainDevicesXml.child(disk, "target");
            String target = DomainDevicesXml.attribute(targetElement, "dev");
            if (target == null) {
                throw failure("unable to query block list");
            }
            String source = "nvme".equals(type) ? nvme(disk) : DomainDevicesXml.firstAttribute(disk, "source", SOURCE);
            if (details) {
                table.row(type, device, target, DomainDevicesXml.orMinus(source));
            } else {
                table.row(target, DomainDevicesXml.orMinus(source));
            }
        }
        table.print(out());
    }

    /** An NVMe disk's source as virsh writes it: nvme://DOMAIN:BUS:SLOT.FUNCTION/NAMESPACE. */
    private static String nvme(XmlElement disk) throws Exception {
        XmlElement source = DomainDevicesXml.child(disk, "source");
        String namespace = DomainDevicesXml.attribute(source, "namespace");
        XmlElement address = DomainDevicesXml.child(source, "address");
        if (namespace == null || address == null) {
            throw failure("Unable to query NVMe disk address");
        }
        try {
            return String.format("nvme://%04x:%02x:%02x.%d/%s", hex(address, "domain"), hex(address, "bus"),
                hex(address, "slot"), hex(address, "function"), namespace);
        } catch (NumberFormatException e) {
            throw failure("Unable to query NVMe disk address");
        }
    }

    private static int hex(XmlElement address, String name) {
        String v = address.attributes().get(name);
        if (v == null) {
            return 0;
        }
        return v.startsWith("0x") ? Integer.parseUnsignedInt(v.substring(2), 16) : Integer.parseUnsignedInt(v);
    }
}
