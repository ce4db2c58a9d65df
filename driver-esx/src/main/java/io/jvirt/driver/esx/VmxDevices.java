package io.jvirt.driver.esx;


import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.jvirt.driver.esx.VmxParser.Vmx;

/**
 * The devices of a VMX file as domain XML (libvirt's {@code virVMXParseDisk}, {@code ...Ethernet},
 * {@code ...Serial}, {@code ...Parallel}, {@code ...VNC}): SCSI, IDE and SATA disks and CD-ROMs,
 * floppies, the controllers they use, network interfaces, VNC, serial and parallel ports.
 */
final class VmxDevices {

    private static final Set<String> SCSI_MODELS = Set.of("buslogic", "lsilogic", "lsisas1068", "pvscsi");
    private static final Set<String> NIC_MODELS = Set.of("vlance", "vmxnet", "vmxnet3", "e1000", "e1000e");

    private VmxDevices() {
    }

    static void write(Vmx vmx, DatastorePaths paths, XmlText x) {
        List<String> controllers = new ArrayList<>();
        String[] scsiModel = new String[4];
        for (int c = 0; c < 4; c++) {
            if (!vmx.bool("scsi" + c + ".present", false)) {
                continue;
            }
            String dev = vmx.get("scsi" + c + ".virtualDev");
            if (dev != null) {
                dev = dev.toLowerCase(Locale.ROOT);
                if (!SCSI_MODELS.contains(dev)) {
                    throw VmxParser.error("Expecting VMX entry 'scsi" + c + ".virtualDev' to be 'buslogic' or "
                        + "'lsilogic' or 'lsisas1068' or 'pvscsi' but found '" + dev + "'");
                }
                scsiModel[c] = "pvscsi".equals(dev) ? "vmpvscsi" : dev;
            }
            boolean any = false;
            for (int u = 0; u < 16; u++) {
                if (u == 7) {
                    continue; // the controller's own id
                }
                any |= disk(vmx, paths, x, "scsi" + c + ":" + u, "scsi", "sd", c * 15 + (u < 7 ? u : u - 1), c, 0, u);
            }
            if (any) {
                controllers.add("scsi:" + c);
            }
        }
        boolean ide = false;
        for (int b = 0; b < 2; b++) {
            for (int u = 0; u < 2; u++) {
                ide |= disk(vmx, paths, x, "ide" + b + ":" + u, "ide", "hd", b * 2 + u, 0, b, u);
            }
        }
        for (int c = 0; c < 4; c++) {
            if (!vmx.bool("sata" + c + ".present", false)) {
                continue;
            }
            boolean any = false;
            for (int u = 0; u < 30; u++) {
                any |= disk(vmx, paths, x, "sata" + c + ":" + u, "sata", "sd", c * 30 + u, c, 0, u);
            }
            if (any) {
                controllers.add("sata:" + c);
            }
        }
        boolean fdc = false;
        for (int u = 0; u < 2; u++) {
            fdc |= floppy(vmx, paths, x, u);
        }
        sharedFolders(vmx, x);
        for (String c : controllers) {
            if (c.startsWith("scsi:")) {
                int i = Integer.parseInt(c.substring(5));
                x.empty("controller", "type", "scsi", "index", String.valueOf(i), "model", scsiModel[i]);
            }
        }
        if (fdc) {
            x.empty("controller", "type", "fdc", "index", "0");
        }
        if (ide) {
            x.empty("controller", "type", "ide", "index", "0");
        }
        for (String c : controllers) {
            if (c.startsWith("sata:")) {
                x.empty("controller", "type", "sata", "index", c.substring(5));
            }
        }
        for (int n = 0; n < 10; n++) {
            ethernet(vmx, x, n);
        }
        vnc(vmx, x);
        for (int n = 0; n < 4; n++) {
            VmxChars.serial(vmx, paths, x, n);
        }
        for (int n = 0; n < 3; n++) {
            VmxChars.parallel(vmx, paths, x, n);
        }
    }

    /** VMware's shared folders (when HGFS is enabled) as mount filesystems. */
    private static void sharedFolders(Vmx vmx, XmlText x) {
        if (vmx.bool("isolation.tools.hgfs.disable", true)) {
            return;
        }
        long max = vmx.num("sharedFolder.maxNum", 0);
        for (int i = 0; i < max; i++) {
            String p = "sharedFolder" + i;
            if (!vmx.bool(p + ".present", false) || !vmx.bool(p + ".enabled", false)) {
                continue;
            }
            x.open("filesystem", "type", "mount", "accessmode", "passthrough")
                .empty("source", "dir", vmx.get(p + ".hostPath")).empty("target", "dir", vmx.get(p + ".guestName"));
            if (!vmx.bool(p + ".writeAccess", false)) {
                x.empty("readonly");
            }
            x.close("filesystem");
        }
    }

    /** One disk slot; true when it gave a disk. */
    private static boolean disk(Vmx vmx, DatastorePaths paths, XmlText x, String p, String bus, String prefix, int idx,
                                int controller, int busNo, int unit) {
        if (!vmx.bool(p + ".present", false) || vmx.bool(p + ".clientDevice", false)) {
            return false;
        }
        String type = lower(vmx.get(p + ".deviceType"));
        String file = vmx.get(p + ".fileName");
        String lowerFile = lower(file);
        String diskType;
        String device;
        String source = null;
        String sourceAttr = "file";
        boolean optional = false;
        if (type == null ? lowerFile != null && lowerFile.endsWith(".vmdk")
            : type.equals("scsi-harddisk") || type.equals("ata-harddisk") || type.equals("disk")) {
            if (file == null || !lowerFile.endsWith(".vmdk")) {
                throw VmxParser.error("Invalid or not yet handled value '" + file + "' for VMX entry '" + p
                    + ".fileName' for device type '" + type + "'");
            }
            diskType = "file";
            device = "disk";
            source = paths.toDomain(file);
            if (source == null) {
                throw VmxParser.error("File name '" + file + "' doesn't reference an existing datastore file");
            }
        } else if (type == null ? lowerFile != null && lowerFile.endsWith(".iso") : type.equals("cdrom-image")) {
            diskType = "file";
            device = "cdrom";
            if (file != null && !"emptybackingstring".equals(lowerFile)) {
                source = paths.toDomain(file); // a missing image leaves the drive empty
            }
        } else if ("cdrom-raw".equals(type) || "atapi-cdrom".equals(type) || "scsi-passthru".equals(type)) {
            // a host drive: "atapi-cdrom" is a CD-ROM, the raw and passthru kinds are SCSI LUNs
            diskType = "block";
            device = "atapi-cdrom".equals(type) ? "cdrom" : "lun";
            sourceAttr = "dev";
            if (file == null) {
                optional = !"atapi-cdrom".equals(type);
            } else if ("auto detect".equalsIgnoreCase(file)) {
                optional = true;
            } else {
                source = file;
            }
        } else {
            throw VmxParser.error("Invalid or not yet handled value '" + type + "' for VMX entry '" + p + ".deviceType'");
        }
        x.open("disk", "type", diskType, "device", device);
        if ("disk".equals(device) && vmx.bool(p + ".writeThrough", false)) {
            x.empty("driver", "cache", "writethrough");
        }
        if (source != null) {
            x.empty("source", sourceAttr, source);
        } else if (optional) {
            x.empty("source", "startupPolicy", "optional");
        }
        x.empty("target", "dev", prefix + letters(idx), "bus", bus);
        if (!"disk".equals(device) || "scsi-passthru".equals(type)) {
            if (!"scsi-passthru".equals(type)) {
                x.empty("readonly");
            }
        }
        if ("disk".equals(device) && "independent-nonpersistent".equalsIgnoreCase(vmx.get(p + ".mode"))) {
            x.empty("transient");
        }
        x.empty("address", "type", "drive", "controller", String.valueOf(controller), "bus", String.valueOf(busNo),
            "target", "0", "unit", String.valueOf(unit));
        x.close("disk");
        return true;
    }

    private static boolean floppy(Vmx vmx, DatastorePaths paths, XmlText x, int u) {
        String p = "floppy" + u;
        if (!vmx.bool(p + ".present", false) || vmx.bool(p + ".clientDevice", false)) {
            return false;
        }
        String type = lower(vmx.get(p + ".fileType"));
        String file = vmx.get(p + ".fileName");
        if ("device".equals(type)) {
            x.open("disk", "type", "block", "device", "floppy").empty("source", "dev", file);
        } else if ("file".equals(type) || type == null) {
            String src = file == null ? null : paths.toDomain(file);
            x.open("disk", "type", "file", "device", "floppy");
            if (src != null) {
                x.empty("source", "file", src);
            }
        } else {
            throw VmxParser.error("Invalid or not yet handled value '" + type + "' for VMX entry '" + p + ".fileType'");
        }
        x.empty("target", "dev", "fd" + letters(u), "bus", "fdc");
        x.empty("address", "type", "drive", "controller", "0", "bus", "0", "target", "0", "unit", String.valueOf(u));
        x.close("disk");
        return true;
    }

    private static void ethernet(Vmx vmx, XmlText x, int n) {
        String p = "ethernet" + n;
        if (!vmx.bool(p + ".present", false)) {
            return;
        }
        String model = lower(vmx.get(p + ".virtualDev"));
        if (model != null) {
            if (!NIC_MODELS.contains(model)) {
                throw VmxParser.error("Expecting VMX entry '" + p + ".virtualDev' to be 'vlance' or 'vmxnet' or "
                    + "'vmxnet3' or 'e1000' or 'e1000e' but found '" + model + "'");
            }
            if ("vmxnet".equals(model) && vmx.num(p + ".features", 0) == 15) {
                model = "vmxnet2";
            }
        }
        String addressType = lower(vmx.get(p + ".addressType"));
        String mac;
        String macType;
        if (addressType == null || "generated".equals(addressType) || "vpx".equals(addressType)) {
            mac = vmx.get(p + ".generatedAddress");
            macType = "generated";
        } else if ("static".equals(addressType)) {
            mac = vmx.get(p + ".address");
            macType = "static";
        } else {
            throw VmxParser.error("Expecting VMX entry '" + p + ".addressType' to be 'generated' or 'static' or "
                + "'vpx' but found '" + addressType + "'");
        }
        String check = vmx.has(p + ".checkMACAddress") ? (vmx.bool(p + ".checkMACAddress", true) ? "yes" : "no") : null;
        String conn = lower(vmx.get(p + ".connectionType"));
        String network = vmx.get(p + ".networkName");
        String switchId = vmx.get(p + ".dvs.switchId");
        String type;
        if (switchId != null) {
            type = "vds";
        } else if (conn == null || "bridged".equals(conn) || "custom".equals(conn)) {
            type = "bridge";
        } else if ("nat".equals(conn)) {
            type = "user";
        } else if ("hostonly".equals(conn)) {
            throw VmxParser.error("No yet handled value '" + conn + "' for VMX entry '" + p + ".connectionType'");
        } else {
            throw VmxParser.error("Invalid value '" + conn + "' for VMX entry '" + p + ".connectionType'");
        }
        x.open("interface", "type", type);
        if (mac != null) {
            x.empty("mac", "address", mac.toLowerCase(Locale.ROOT), "type", macType, "check", check);
        }
        if ("vds".equals(type)) {
            x.empty("source", "switchid", VmxToDomain.uuid(switchId), "portid", vmx.get(p + ".dvs.portId"),
                "portgroupid", vmx.get(p + ".dvs.portgroupId"), "connectionid", vmx.get(p + ".dvs.connectionId"));
        } else if ("bridge".equals(type)) {
            x.empty("source", "bridge", network == null ? "" : network);
            if ("custom".equals(conn)) {
                x.empty("target", "dev", vmx.get(p + ".vnet"));
            }
        }
        if (model != null) {
            x.empty("model", "type", model);
        }
        x.close("interface");
    }

    private static void vnc(Vmx vmx, XmlText x) {
        if (!vmx.bool("RemoteDisplay.vnc.enabled", false)) {
            return;
        }
        long port = vmx.num("RemoteDisplay.vnc.port", -1);
        x.open("graphics", "type", "vnc", "port", port >= 0 ? String.valueOf(port) : null,
            "autoport", port >= 0 ? "no" : "yes", "keymap", vmx.get("RemoteDisplay.vnc.keymap"),
            "passwd", vmx.get("RemoteDisplay.vnc.password"));
        x.empty("listen", "type", "address", "address", vmx.get("RemoteDisplay.vnc.ip"));
        x.close("graphics");
    }

    /** libvirt's disk name suffix: 0 is "a", 25 "z", 26 "aa". */
    static String letters(int idx) {
        StringBuilder sb = new StringBuilder();
        int i = idx;
        do {
            sb.insert(0, (char) ('a' + i % 26));
            i = i / 26 - 1;
        } while (i >= 0);
        return sb.toString();
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

}
