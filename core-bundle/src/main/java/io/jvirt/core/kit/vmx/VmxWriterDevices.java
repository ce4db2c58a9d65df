package io.jvirt.core.kit.vmx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.jvirt.core.kit.DiskNames;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.FilesystemDef;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.core.kit.vmx.DomainToVmx.VmxWriter;

/**
 * The disk, controller and shared-folder lines of a VMX file as libvirt's
 * {@code virVMXFormatConfig} writes them: every disk's address checked against its target name
 * ({@code virVMXVerifyDiskAddress}), the legacy {@code <driver name>} SCSI models applied, the SCSI
 * controllers with disks, then the disks in libvirt's order, the absent floppies, the shared folders.
 */
final class VmxWriterDevices {

    /** libvirt's SCSI controller model names (virDomainControllerModelSCSI). */
    private static final Set<String> SCSI_MODEL_NAMES = Set.of("auto", "buslogic", "lsilogic", "lsisas1068",
        "vmpvscsi", "ibmvscsi", "virtio-scsi", "lsisas1078", "virtio-transitional", "virtio-non-transitional",
        "ncr53c90", "am53c974", "dc390");
    private static final Set<String> VMWARE_SCSI_MODELS = Set.of("buslogic", "lsilogic", "lsisas1068", "vmpvscsi");

    private VmxWriterDevices() {
    }

    /** Writes the disk and shared-folder lines; true when a SCSI controller is present. */
    static boolean write(DomainDef def, VmxContext ctx, VmxWriter w) {
        List<DiskDef> disks = libvirtOrder(def.disks());
        Map<ControllerDef, String> models = new HashMap<>();
        for (ControllerDef c : def.controllers()) {
            models.put(c, c.model());
        }
        Map<DiskDef, DiskNames.Drive> addresses = new HashMap<>();
        for (DiskDef d : disks) {
            addresses.put(d, verifyAddress(d));
            legacyDriverName(def, d, addresses.get(d), models);
        }
        String[] scsiModel = new String[4];
        boolean[] scsiPresent = new boolean[4];
        gatherScsiControllers(def, ctx, disks, addresses, models, scsiModel, scsiPresent);
        boolean hasScsi = false;
        for (int i = 0; i < 4; i++) {
            if (scsiPresent[i]) {
                hasScsi = true;
                w.put("scsi" + i + ".present", "true");
                if (scsiModel[i] != null) {
                    w.put("scsi" + i + ".virtualDev", "vmpvscsi".equals(scsiModel[i]) ? "pvscsi" : scsiModel[i]);
                }
            }
        }
        boolean[] floppy = new boolean[2];
        for (DiskDef d : disks) {
            String device = d.device() == null ? "disk" : d.device();
            switch (device) {
                case "disk", "cdrom", "lun" -> disk(d, device, ctx, w);
                case "floppy" -> floppy(d, ctx, w, floppy);
                default -> throw DomainToVmx.unsupported("Unsupported disk device type '" + device + "'");
            }
        }
        for (int i = 0; i < 2; i++) {
            // VMware's floppies are present unless said otherwise
            if (!floppy[i]) {
                w.put("floppy" + i + ".present", "false");
            }
        }
        fileSystems(def.filesystems(), w);
        return hasScsi;
    }

    /** virDomainDiskInsertPreAlloced: the order libvirt's parser keeps disks in (by index within a bus). */
    static List<DiskDef> libvirtOrder(List<DiskDef> in) {
        List<DiskDef> out = new ArrayList<>(in.size());
        for (DiskDef disk : in) {
            int insertAt = -1;
            int index = DiskNames.index(disk.targetDev());
            for (int i = out.size() - 1; i >= 0; i--) {
                DiskDef o = out.get(i);
                if (!sameBus(o, disk)) {
                    continue;
                }
                if (DiskNames.index(o.targetDev()) > index) {
                    insertAt = i;
                } else if (insertAt == -1) {
                    insertAt = i + 1;
                }
            }
            if (insertAt < 0) {
                out.add(disk);
            } else {
                out.add(insertAt, disk);
            }
        }
        return out;
    }

    private static boolean sameBus(DiskDef a, DiskDef b) {
        return String.valueOf(a.targetBus()).equals(String.valueOf(b.targetBus()));
    }

    /** virVMXVerifyDiskAddress: a drive address, the one the target name gives, in VMware's ranges. */
    private static DiskNames.Drive verifyAddress(DiskDef d) {
        XmlElement address = d.address();
        String type = address == null ? "none" : address.attributes().getOrDefault("type", "none");
        if (!"drive".equals(type)) {
            throw DomainToVmx.unsupported("Unsupported disk address type '" + type + "'");
        }
        DiskNames.Drive a = new DiskNames.Drive(VmwareDefaults.intAttr(address, "controller"),
            VmwareDefaults.intAttr(address, "bus"), VmwareDefaults.intAttr(address, "unit"));
        String bus = d.targetBus();
        DiskNames.Drive expected = DiskNames.assign(bus, d.targetDev(), DiskNames.SCSI_WIDE_BUS_MAX_CONT_UNIT);
        if (expected == null) {
            throw VmxParser.error("Could not verify disk address");
        }
        if (!expected.equals(a)) {
            throw VmxParser.error("Disk address " + a.controller() + ":" + a.bus() + ":" + a.unit()
                + " doesn't match target device '" + d.targetDev() + "'");
        }
        switch (bus) {
            case "scsi" -> {
                range(a.controller() > 3, "SCSI controller index " + a.controller() + " out of [0..3] range");
                range(a.bus() != 0, "SCSI bus index " + a.bus() + " out of [0] range");
                range(a.unit() > 15 || a.unit() == 7, "SCSI unit index " + a.unit() + " out of [0..6,8..15] range");
            }
            case "ide" -> {
                range(a.controller() != 0, "IDE controller index " + a.controller() + " out of [0] range");
                range(a.bus() > 1, "IDE bus index " + a.bus() + " out of [0..1] range");
                range(a.unit() > 1, "IDE unit index " + a.unit() + " out of [0..1] range");
            }
            case "fdc" -> {
                range(a.controller() != 0, "FDC controller index " + a.controller() + " out of [0] range");
                range(a.bus() != 0, "FDC bus index " + a.bus() + " out of [0] range");
                range(a.unit() > 1, "FDC unit index " + a.unit() + " out of [0..1] range");
            }
            default -> throw DomainToVmx.unsupported("Unsupported bus type '" + bus + "'");
        }
        return a;
    }

    private static void range(boolean bad, String message) {
        if (bad) {
            throw VmxParser.error(message);
        }
    }

    /**
     * virVMXHandleLegacySCSIDiskDriverName: a SCSI disk's {@code <driver name>} names the model of
     * its controller (libvirt takes the first controller of that index, whatever its type).
     */
    private static void legacyDriverName(DomainDef def, DiskDef d, DiskNames.Drive a,
                                         Map<ControllerDef, String> models) {
        String driver = d.driverName();
        if (!"scsi".equals(d.targetBus()) || driver == null) {
            return;
        }
        String model = driver.toLowerCase(Locale.ROOT);
        if (!SCSI_MODEL_NAMES.contains(model)) {
            throw VmxParser.error("Unknown driver name '" + driver + "'");
        }
        ControllerDef controller = null;
        for (ControllerDef c : def.controllers()) {
            if (c.index() == a.controller()) {
                controller = c;
                break;
            }
        }
        if (controller == null) {
            throw VmxParser.error("Missing SCSI controller for index " + a.controller());
        }
        String current = models.get(controller);
        if (current == null) {
            models.put(controller, model);
        } else if (!current.equals(model)) {
            throw VmxParser.error("Inconsistent SCSI controller model ('" + driver + "' is not '" + current
                + "') for SCSI controller index " + controller.index());
        }
    }

    /** virVMXGatherSCSIControllers: the SCSI controllers that have disks, with VMware's models only. */
    private static void gatherScsiControllers(DomainDef def, VmxContext ctx, List<DiskDef> disks,
                                              Map<DiskDef, DiskNames.Drive> addresses, Map<ControllerDef, String> models,
                                              String[] virtualDev, boolean[] present) {
        for (ControllerDef c : def.controllers()) {
            if (!"scsi".equals(c.type())) {
                continue;
            }
            List<DiskDef> attached = new ArrayList<>();
            for (DiskDef d : disks) {
                if ("scsi".equals(d.targetBus()) && addresses.get(d).controller() == c.index()) {
                    attached.add(d);
                }
            }
            if (attached.isEmpty()) {
                continue;
            }
            String model = models.get(c);
            if ("auto".equals(model) && ctx.autodetectsScsiControllerModel()) {
                String first = null;
                for (DiskDef d : attached) {
                    String m = ctx.autodetectScsiControllerModel(d);
                    if (first != null && !first.equals(m)) {
                        throw VmxParser.error("Disks on SCSI controller " + c.index() + " have inconsistent "
                            + "controller models, cannot autodetect model");
                    }
                    first = m;
                }
                model = first;
            }
            if (model != null && !VMWARE_SCSI_MODELS.contains(model)) {
                throw VmxParser.error("Expecting domain XML attribute 'model' of entry 'controller' to be "
                    + "'buslogic' or 'lsilogic' or 'lsisas1068' or 'vmpvscsi' but found '" + model + "'");
            }
            present[c.index()] = true;
            virtualDev[c.index()] = model;
        }
    }

    /**
     * The names libvirt's messages give a disk's device and storage type: it converts both with the
     * device-kind table (virDomainDeviceTypeToString), so a hard disk shows as "none", a CD-ROM as
     * "disk", a file as "disk" and a block device as "lease".
     */
    private static String deviceKindName(int ordinal) {
        String[] kinds = {"none", "disk", "lease", "filesystem", "interface", "input", "sound", "video", "hostdev",
            "watchdog", "controller", "graphics", "hub", "redirdev", "smartcard", "chr", "memballoon", "nvram",
            "rng", "shmem", "tpm", "panic", "memory", "iommu", "vsock", "audio", "crypto", "pstore"};
        return ordinal >= 0 && ordinal < kinds.length ? kinds[ordinal] : null;
    }

    private static int deviceOrdinal(String device) {
        return List.of("disk", "cdrom", "floppy", "lun").indexOf(device);
    }

    private static int storageOrdinal(String type) {
        return List.of("none", "file", "block", "dir", "network", "volume", "nvme", "vhostuser", "vhostvdpa")
            .indexOf(type);
    }

    /** virVMXFormatDisk: a hard disk, CD-ROM or LUN on SCSI or IDE. */
    private static void disk(DiskDef d, String device, VmxContext ctx, VmxWriter w) {
        String bus = d.targetBus();
        String type = d.type() == null ? "file" : d.type();
        String deviceName = deviceKindName(deviceOrdinal(device));
        String typeName = deviceKindName(storageOrdinal(type));
        String fileExt = "disk".equals(device) ? ".vmdk" : ".iso";
        if (!"file".equals(type) && !"block".equals(type)) {
            throw DomainToVmx.unsupported(bus + " " + deviceName + " '" + d.targetDev() + "' has unsupported type '"
                + typeName + "', expecting 'file' or 'block'");
        }
        int[] cu;
        if ("scsi".equals(bus)) {
            cu = scsiControllerAndUnit(d.targetDev());
        } else if ("ide".equals(bus)) {
            cu = ideBusAndUnit(d.targetDev());
        } else {
            throw DomainToVmx.unsupported("Unsupported bus type '" + bus + "' for " + deviceName);
        }
        String vmxDeviceType;
        String src = d.sourcePath();
        if ("disk".equals(device) && "file".equals(type)) {
            vmxDeviceType = "scsi".equals(bus) ? "scsi-hardDisk" : "ata-hardDisk";
        } else if ("cdrom".equals(device)) {
            vmxDeviceType = "file".equals(type) ? "cdrom-image" : "atapi-cdrom";
        } else if ("lun".equals(device)) {
            vmxDeviceType = "scsi".equals(bus) && src != null && src.startsWith("/vmfs/devices/cdrom/")
                ? "scsi-passthru" : "cdrom-raw";
        } else {
            throw DomainToVmx.unsupported(bus + " " + deviceName + " '" + d.targetDev() + "' has an unsupported "
                + "type '" + typeName + "'");
        }
        String p = bus + cu[0] + ":" + cu[1];
        w.put(p + ".present", "true").put(p + ".deviceType", vmxDeviceType);
        if ("file".equals(type)) {
            String fileName;
            if (src != null) {
                if (!VmxDisks.endsWithIgnoreCase(src, fileExt)) {
                    throw VmxParser.error("Image file for " + bus + " " + deviceName + " '" + d.targetDev()
                        + "' has unsupported suffix, expecting '" + fileExt + "'");
                }
                fileName = ctx.formatFileName(src);
            } else if ("cdrom".equals(device)) {
                fileName = "emptyBackingString";
            } else {
                // libvirt fails here without saying why
                throw VmxParser.error("An error occurred, but the cause is unknown");
            }
            w.put(p + ".fileName", fileName);
        } else if (src == null && "optional".equals(d.startupPolicy())) {
            w.put(p + ".autodetect", "true").put(p + ".fileName", "auto detect");
        } else {
            w.put(p + ".fileName", src);
        }
        if ("scsi".equals(bus)) {
            String cache = d.driverAttrs().get("cache");
            if ("writethrough".equals(cache)) {
                w.put(p + ".writeThrough", "true");
            } else if (cache != null && !"default".equals(cache)) {
                throw DomainToVmx.unsupported(bus + " harddisk '" + d.targetDev() + "' has unsupported cache mode '"
                    + cache + "'");
            }
        }
        if (d.kept().stream().anyMatch(e -> "transient".equals(e.name()))) {
            w.put(p + ".mode", "independent-nonpersistent");
        }
    }

    /** virVMXFormatFloppy. */
    private static void floppy(DiskDef d, VmxContext ctx, VmxWriter w, boolean[] present) {
        int unit = floppyUnit(d.targetDev());
        present[unit] = true;
        String p = "floppy" + unit;
        w.put(p + ".present", "true");
        String type = d.type() == null ? "file" : d.type();
        String src = d.sourcePath();
        if ("file".equals(type)) {
            w.put(p + ".fileType", "file");
            if (src != null) {
                w.put(p + ".fileName", ctx.formatFileName(src));
            }
        } else if ("block".equals(type)) {
            w.put(p + ".fileType", "device");
            if (src != null) {
                w.put(p + ".fileName", src);
            }
        } else {
            throw DomainToVmx.unsupported("Floppy '" + d.targetDev() + "' has unsupported type '" + type
                + "', expecting 'file' or 'block'");
        }
    }

    /** virVMXFormatFileSystem for every shared folder. */
    private static void fileSystems(List<FilesystemDef> fss, VmxWriter w) {
        if (fss.isEmpty()) {
            return;
        }
        w.put("isolation.tools.hgfs.disable", "false").put("sharedFolder.maxNum", String.valueOf(fss.size()));
        for (int i = 0; i < fss.size(); i++) {
            FilesystemDef fs = fss.get(i);
            if (!"mount".equals(fs.type() == null ? "mount" : fs.type())) {
                throw DomainToVmx.unsupported("Only 'mount' filesystem type is supported");
            }
            String p = "sharedFolder" + i;
            w.put(p + ".present", "true").put(p + ".enabled", "true").put(p + ".readAccess", "true")
                .put(p + ".writeAccess", fs.readonly() ? "false" : "true").put(p + ".hostPath", fs.source())
                .put(p + ".guestName", fs.target());
        }
    }

    /** virVMXSCSIDiskNameToControllerAndUnit: sd + index, 4 controllers of 15 units, unit 7 skipped. */
    static int[] scsiControllerAndUnit(String name) {
        int idx = checkedIndex(name, "sd");
        if (idx >= 4 * 15) {
            throw VmxParser.error("SCSI disk index (parsed from '" + name + "') is too large");
        }
        int unit = idx % 15;
        return new int[] {idx / 15, unit >= 7 ? unit + 1 : unit};
    }

    /** virVMXIDEDiskNameToBusAndUnit: hd + index, 2 buses of 2 units. */
    static int[] ideBusAndUnit(String name) {
        int idx = checkedIndex(name, "hd");
        if (idx >= 2 * 2) {
            throw VmxParser.error("IDE disk index (parsed from '" + name + "') is too large");
        }
        return new int[] {idx / 2, idx % 2};
    }

    /** virVMXFloppyDiskNameToUnit: fd + index, 2 units. */
    static int floppyUnit(String name) {
        int idx = checkedIndex(name, "fd");
        if (idx >= 2) {
            throw VmxParser.error("Floppy disk index (parsed from '" + name + "') is too large");
        }
        return idx;
    }

    private static int checkedIndex(String name, String prefix) {
        if (name == null || !name.startsWith(prefix)) {
            throw VmxParser.error("Expecting domain XML attribute 'dev' of entry 'devices/disk/target' to start "
                + "with '" + prefix + "'");
        }
        int idx = DiskNames.index(name);
        if (idx < 0) {
            throw VmxParser.error("Could not parse valid disk index from '" + name + "'");
        }
        return idx;
    }

    /** The index a target name encodes ("sda" 0, "sdp" 15, "hdb" 1), for the define path. */
    static int index(DiskDef d) {
        int idx = DiskNames.index(d.targetDev());
        if (idx < 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "Unknown disk name '" + d.targetDev()
                + "' and no address specified");
        }
        return idx;
    }
}
