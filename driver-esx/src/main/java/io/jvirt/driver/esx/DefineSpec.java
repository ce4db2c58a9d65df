package io.jvirt.driver.esx;

import java.util.Locale;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.core.kit.vmx.DomainToVmx;

/**
 * The VirtualMachineConfigSpec of CreateVM_Task for a domain definition, in the WSDL's element
 * order (real servers check it): identity, memory, CPUs, and as device changes the SCSI
 * controllers, SCSI hard disks (existing files, as libvirt's define never creates images) and
 * bridged network interfaces. Other devices are refused rather than silently dropped.
 */
final class DefineSpec {

    private DefineSpec() {
    }

    static void write(SoapWriter w, DomainDef def, String guestId, String datastore) {
        w.open("config").text("name", def.name()).text("uuid", def.uuid().toString()).text("guestId", guestId);
        if (def.description() != null) {
            w.text("annotation", def.description());
        }
        w.open("files").text("vmPathName", "[" + datastore + "]").close("files")
            .text("numCPUs", def.vcpus()).text("memoryMB", (def.memoryKiB() + 1023) / 1024);
        String[] scsiModel = new String[4];
        boolean[] scsi = new boolean[4];
        for (DiskDef d : def.disks()) {
            if (!"disk".equals(d.device() == null ? "disk" : d.device()) || !"scsi".equals(d.targetBus())
                || d.sourcePath() == null) {
                throw unsupported("disk '" + d.targetDev() + "': only SCSI hard disks with a file are defined so far");
            }
            int c = DomainToVmx.diskIndex(d) / 15;
            if (c > 3) {
                throw unsupported("disk '" + d.targetDev() + "' is beyond VMware's 4 SCSI controllers");
            }
            scsi[c] = true;
            scsiModel[c] = d.driverName() != null ? d.driverName() : scsiModel[c];
        }
        def.controllers().stream().filter(c -> "scsi".equals(c.type()) && c.index() < 4 && c.model() != null)
            .forEach(c -> scsiModel[c.index()] = c.model());
        for (int c = 0; c < 4; c++) {
            if (scsi[c]) {
                w.open("deviceChange").text("operation", "add").open("device", controllerType(scsiModel[c]))
                    .text("key", -(100 + c)).text("busNumber", c).text("sharedBus", "noSharing")
                    .close("device").close("deviceChange");
            }
        }
        int key = -200;
        for (DiskDef d : def.disks()) {
            int idx = DomainToVmx.diskIndex(d);
            int unit = idx % 15;
            boolean transientDisk = d.kept().stream().map(XmlElement::name).anyMatch("transient"::equals);
            w.open("deviceChange").text("operation", "add").open("device", "VirtualDisk").text("key", key--)
                .open("backing", "VirtualDiskFlatVer2BackingInfo").text("fileName", d.sourcePath())
                .text("diskMode", transientDisk ? "independent_nonpersistent" : "persistent").close("backing")
                .text("controllerKey", -(100 + idx / 15)).text("unitNumber", unit < 7 ? unit : unit + 1)
                .text("capacityInKB", 0).close("device").close("deviceChange");
        }
        for (InterfaceDef nic : def.interfaces()) {
            if (!"bridge".equals(nic.type()) || nic.sourceBridge() == null) {
                throw unsupported("interface type '" + nic.type() + "': only bridged interfaces (a port group) are"
                    + " defined so far");
            }
            w.open("deviceChange").text("operation", "add").open("device", nicType(nic.model())).text("key", key--)
                .open("backing", "VirtualEthernetCardNetworkBackingInfo").text("deviceName", nic.sourceBridge())
                .close("backing");
            String mac = nic.mac() == null ? null : nic.mac().toLowerCase(Locale.ROOT);
            if (mac != null && isStaticVmwareMac(mac)) {
                w.text("addressType", "manual").text("macAddress", mac);
            } else {
                // vSphere takes manual addresses only from 00:50:56:00-3f; the server picks the others
                w.text("addressType", "generated");
            }
            w.close("device").close("deviceChange");
        }
        w.close("config");
    }

    static boolean isStaticVmwareMac(String mac) {
        return mac.startsWith("00:50:56:") && Integer.parseInt(mac.substring(9, 11), 16) <= 0x3f;
    }

    private static String controllerType(String model) {
        return switch (model == null ? "lsilogic" : model) {
            case "buslogic" -> "VirtualBusLogicController";
            case "lsisas1068" -> "VirtualLsiLogicSASController";
            case "vmpvscsi" -> "ParaVirtualSCSIController";
            case "lsilogic" -> "VirtualLsiLogicController";
            default -> throw unsupported("SCSI controller model '" + model + "'");
        };
    }

    private static String nicType(String model) {
        return switch (model == null ? "e1000" : model) {
            case "e1000" -> "VirtualE1000";
            case "e1000e" -> "VirtualE1000e";
            case "vmxnet3" -> "VirtualVmxnet3";
            case "vmxnet2" -> "VirtualVmxnet2";
            case "vmxnet" -> "VirtualVmxnet";
            case "vlance" -> "VirtualPCNet32";
            default -> throw unsupported("interface model '" + model + "'");
        };
    }

    private static VirtException unsupported(String what) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.ESX, what);
    }
}
