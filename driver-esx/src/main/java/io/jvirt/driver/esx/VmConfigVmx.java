package io.jvirt.driver.esx;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.w3c.dom.Element;

import io.jvirt.core.kit.remote.XmlDom;
import io.jvirt.core.kit.vmx.Vmx;
import io.jvirt.core.kit.vmx.VmxNumbers;


/**
 * A VMX view of a VM built from its vSphere configuration ({@code config.hardware.device} and the
 * listing properties), so that dumpxml goes through the same converter as {@code .vmx} files.
 * libvirt downloads the .vmx file from the datastore instead; the configuration says the same for
 * the devices the converter knows, and needs no datastore HTTP access.
 */
final class VmConfigVmx {

    private VmConfigVmx() {
    }

    static Vmx build(VmInfo vm, Element devices) {
        Vmx vmx = new Vmx();
        vmx.put("config.version", "8");
        vmx.put("virtualHW.version", "4");
        vmx.put("displayName", VmxNumbers.escapePercent(VmxNumbers.escapePipe(vm.name())));
        vmx.put("uuid.bios", vm.uuid().toString());
        String guest = vm.guestId() == null ? "" : vm.guestId().toLowerCase(Locale.ROOT);
        vmx.put("guestOS", guest.contains("64") ? "other-64" : "other");
        if (vm.annotation() != null && !vm.annotation().isEmpty()) {
            vmx.put("annotation", VmxNumbers.escapePipe(vm.annotation()));
        }
        vmx.put("memsize", String.valueOf(vm.memoryMB()));
        if (vm.limitMB() >= 0) {
            vmx.put("sched.mem.max", String.valueOf(vm.limitMB()));
        }
        vmx.put("numvcpus", String.valueOf(vm.numCpu()));
        // controllers first: devices name their controller by key
        Map<String, String> controllers = new HashMap<>();
        for (Element d : XmlDom.children(devices, "VirtualDevice")) {
            String type = XmlDom.xsiType(d);
            String key = XmlDom.text(d, "key");
            String bus = XmlDom.text(d, "busNumber");
            String prefix = switch (type == null ? "" : type) {
                case "VirtualLsiLogicController" -> scsi(vmx, bus, "lsilogic");
                case "VirtualBusLogicController" -> scsi(vmx, bus, "buslogic");
                case "VirtualLsiLogicSASController" -> scsi(vmx, bus, "lsisas1068");
                case "ParaVirtualSCSIController" -> scsi(vmx, bus, "pvscsi");
                case "VirtualIDEController" -> "ide" + bus;
                case "VirtualAHCIController" -> {
                    vmx.put("sata" + bus + ".present", "true");
                    yield "sata" + bus;
                }
                default -> null;
            };
            if (prefix != null) {
                controllers.put(key, prefix);
            }
        }
        int nic = 0;
        // one disk per slot: where a server reports two devices in one slot (vcsim 0.24 gives its
        // default VM's CD-ROM and disk one controller key), the later one is kept
        Map<String, Vmx> slots = new LinkedHashMap<>();
        for (Element d : XmlDom.children(devices, "VirtualDevice")) {
            String type = XmlDom.xsiType(d) == null ? "" : XmlDom.xsiType(d);
            String prefix = controllers.get(XmlDom.text(d, "controllerKey"));
            Element backing = XmlDom.child(d, "backing");
            String file = XmlDom.text(backing, "fileName");
            if (prefix != null && ("VirtualDisk".equals(type) || "VirtualCdrom".equals(type))) {
                String p = prefix + ":" + XmlDom.text(d, "unitNumber");
                Vmx slot = new Vmx();
                slots.remove(p);
                slots.put(p, slot);
                slot.put(p + ".present", "true");
                if ("VirtualDisk".equals(type)) {
                    slot.put(p + ".deviceType", prefix.startsWith("ide") ? "ata-hardDisk" : "scsi-hardDisk");
                    slot.put(p + ".fileName", file == null ? "" : DatastorePaths.toVmx(file));
                } else if (file != null && file.startsWith("[")) {
                    slot.put(p + ".deviceType", "cdrom-image");
                    slot.put(p + ".fileName", DatastorePaths.toVmx(file));
                } else {
                    slot.put(p + ".deviceType", "cdrom-raw");
                    slot.put(p + ".fileName", XmlDom.text(backing, "deviceName") == null ? "auto detect"
                        : XmlDom.text(backing, "deviceName"));
                }
            } else if (nicModel(type) != null) {
                String p = "ethernet" + nic++;
                vmx.put(p + ".present", "true");
                String model = nicModel(type);
                vmx.put(p + ".virtualDev", "vmxnet2".equals(model) ? "vmxnet" : model);
                if ("vmxnet2".equals(model)) {
                    vmx.put(p + ".features", "15"); // VMX's way of saying vmxnet2 (enhanced vmxnet)
                }
                String net = XmlDom.text(backing, "deviceName");
                if (net != null) {
                    vmx.put(p + ".networkName", net);
                }
                String mac = XmlDom.text(d, "macAddress");
                if (mac != null) {
                    boolean manual = "manual".equalsIgnoreCase(XmlDom.text(d, "addressType"));
                    vmx.put(p + ".addressType", manual ? "static" : "generated");
                    vmx.put(p + (manual ? ".address" : ".generatedAddress"), mac);
                }
            }
        }
        slots.values().forEach(slot -> slot.names().forEach(n -> vmx.put(n, slot.get(n))));
        return vmx;
    }

    private static String scsi(Vmx vmx, String bus, String model) {
        vmx.put("scsi" + bus + ".present", "true");
        vmx.put("scsi" + bus + ".virtualDev", model);
        return "scsi" + bus;
    }

    private static String nicModel(String type) {
        return switch (type) {
            case "VirtualE1000" -> "e1000";
            case "VirtualE1000e" -> "e1000e";
            case "VirtualVmxnet3" -> "vmxnet3";
            case "VirtualVmxnet2" -> "vmxnet2";
            case "VirtualVmxnet" -> "vmxnet";
            case "VirtualPCNet32" -> "vlance";
            default -> null;
        };
    }
}
