package io.jvirt.driver.vbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.MacAddress;
import io.jvirt.api.domain.XmlEscape;

/**
 * libvirt's vboxDomainGetXMLDesc over what {@code showvminfo --machinereadable} prints: a
 * {@code <domain type='vbox'>} with the name, UUID, memory (MB to KiB; maximum and current the same,
 * as libvirt), CPUs, {@code hvm} on the host's architecture, the boot order, ACPI/APIC/PAE, local
 * time, the storage controllers, the disks (named as libvirt's vboxGenerateMediumName: IDE
 * {@code hd} + port * 2 + device, SATA and SCSI {@code sd} + their count, floppy {@code fd} + device),
 * the NICs (NAT user, bridged bridge, internal internal, host-only network) and the front end
 * (sdl or desktop graphics). The text is read back through jvirt's domain model, so it is
 * formatted as every other driver's.
 */
final class VboxXml {

    private VboxXml() {
    }

    static String of(MachineInfo m, int id, String arch, String frontEnd) {
        StringBuilder x = new StringBuilder("<domain type='vbox'>");
        x.append("<name>").append(XmlEscape.text(m.name())).append("</name>");
        x.append("<uuid>").append(m.uuid()).append("</uuid>");
        long kib = m.number("memory", 1, VboxDefinition.MAX_MEMORY_MB) * 1024;
        x.append("<memory unit='KiB'>").append(kib).append("</memory>");
        x.append("<currentMemory unit='KiB'>").append(kib).append("</currentMemory>");
        x.append("<vcpu placement='static'>").append(m.number("cpus", 1, 1024)).append("</vcpu>");
        x.append("<os").append("EFI".equals(m.get("firmware")) ? " firmware='efi'" : "").append(">");
        x.append("<type arch='").append(XmlEscape.attribute(arch)).append("'>hvm</type>");
        for (int i = 1; i <= VboxDefinition.MAX_BOOT; i++) {
            String dev = switch (m.get("boot" + i, "none")) {
                case "floppy" -> "fd";
                case "dvd" -> "cdrom";
                case "disk" -> "hd";
                case "net" -> "network";
                default -> null;
            };
            if (dev != null) {
                x.append("<boot dev='").append(dev).append("'/>");
            }
        }
        x.append("</os>");
        if (m.on("acpi") || m.on("ioapic") || m.on("pae")) {
            x.append("<features>").append(m.on("acpi") ? "<acpi/>" : "").append(m.on("ioapic") ? "<apic/>" : "")
                .append(m.on("pae") ? "<pae/>" : "").append("</features>");
        }
        x.append("<clock offset='localtime'/>");
        x.append("<devices>");
        storage(m, x);
        for (int i = 1; i <= VboxDefinition.MAX_NICS; i++) {
            nic(m, i, x);
        }
        if (!"headless".equals(frontEnd)) {
            x.append("<graphics type='").append("sdl".equals(frontEnd) ? "sdl" : "desktop").append("'/>");
        }
        x.append("</devices></domain>");
        DomainDef def = DomainXml.parse(x.toString());
        return DomainXml.format(def, id);
    }

    private record Ctl(String name, String bus) {
    }

    private static void storage(MachineInfo m, StringBuilder x) {
        List<Ctl> ctls = new ArrayList<>();
        for (int i = 0; m.get("storagecontrollername" + i) != null; i++) {
            String type = m.get("storagecontrollertype" + i, "");
            String bus = switch (type) {
                case "PIIX3", "PIIX4", "ICH6" -> "ide";
                case "IntelAhci" -> "sata";
                case "LsiLogic", "BusLogic" -> "scsi";
                case "I82078" -> "fdc";
                default -> null; // SAS, NVMe, virtio-scsi, USB: not in libvirt's vbox XML
            };
            if (bus == null) {
                continue;
            }
            ctls.add(new Ctl(m.get("storagecontrollername" + i), bus));
            String model = switch (type) {
                case "PIIX3" -> "piix3";
                case "PIIX4" -> "piix4";
                case "ICH6" -> "ich6";
                case "LsiLogic" -> "lsilogic";
                case "BusLogic" -> "buslogic";
                default -> null;
            };
            x.append("<controller type='").append(bus).append("' index='0'")
                .append(model == null ? "" : " model='" + model + "'").append("/>");
        }
        int sdCount = 0;
        for (Ctl c : ctls) {
            for (int port = 0; port < 30; port++) {
                for (int dev = 0; dev < 2; dev++) {
                    String medium = m.get(c.name() + "-" + port + "-" + dev);
                    if (medium == null || medium.equals("none")) {
                        continue;
                    }
                    boolean dvd = m.get(c.name() + "-IsEjected-" + port + "-" + dev) != null || medium.equals("emptydrive");
                    String device = c.bus().equals("fdc") ? "floppy" : dvd ? "cdrom" : "disk";
                    String target = switch (c.bus()) {
                        case "ide" -> name("hd", port * 2 + dev);
                        case "fdc" -> name("fd", dev);
                        default -> name("sd", sdCount++);
                    };
                    x.append("<disk type='file' device='").append(device).append("'>");
                    if (!medium.equals("emptydrive")) {
                        x.append("<source file='").append(XmlEscape.attribute(medium)).append("'/>");
                    }
                    x.append("<target dev='").append(target).append("' bus='").append(c.bus()).append("'/>");
                    if (dvd || "immutable".equals(m.get(c.name() + "-MediumType-" + port + "-" + dev))) {
                        x.append("<readonly/>");
                    }
                    x.append("</disk>");
                }
            }
        }
    }

    /** libvirt's virIndexToDiskName. */
    static String name(String prefix, int index) {
        StringBuilder b = new StringBuilder();
        for (int i = index; i >= 0; i = i / 26 - 1) {
            b.insert(0, (char) ('a' + i % 26));
        }
        return prefix + b;
    }

    private static void nic(MachineInfo m, int i, StringBuilder x) {
        String kind = m.get("nic" + i, "none");
        String type;
        String source;
        switch (kind) {
            case "nat" -> {
                type = "user";
                source = "";
            }
            case "bridged" -> {
                type = "bridge";
                source = "<source bridge='" + XmlEscape.attribute(m.get("bridgeadapter" + i, "")) + "'/>";
            }
            case "intnet" -> {
                type = "internal";
                source = "<source name='" + XmlEscape.attribute(m.get("intnet" + i, "")) + "'/>";
            }
            case "hostonly" -> {
                type = "network";
                source = "<source network='" + XmlEscape.attribute(m.get("hostonlyadapter" + i, "")) + "'/>";
            }
            case "none" -> {
                return;
            }
            default -> {
                // libvirt: any other attachment is shown as user (NAT)
                type = "user";
                source = "";
            }
        }
        x.append("<interface type='").append(type).append("'>");
        String mac = m.get("macaddress" + i, "");
        if (mac.matches("[0-9A-Fa-f]{12}")) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 12; k += 2) {
                b.append(k == 0 ? "" : ":").append(mac, k, k + 2);
            }
            x.append("<mac address='").append(MacAddress.canonical(b.toString().toLowerCase(Locale.ROOT))).append("'/>");
        }
        x.append(source);
        String model = Map.of("Am79C970A", "am79c970a", "Am79C973", "am79c973", "82540EM", "82540em", "82545EM", "82545em",
            "82543GC", "82543gc", "virtio", "virtio").get(m.get("nictype" + i, ""));
        if (model != null) {
            x.append("<model type='").append(model).append("'/>");
        }
        x.append("</interface>");
    }
}
