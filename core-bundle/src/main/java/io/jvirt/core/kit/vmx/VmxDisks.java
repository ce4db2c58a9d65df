package io.jvirt.core.kit.vmx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.jvirt.core.kit.DiskNames;
import io.jvirt.api.domain.XmlText;

/**
 * The disks of a VMX file and the controllers they use, as libvirt's {@code virVMXParseConfig}
 * reads them with {@code virVMXParseSCSIController}, {@code virVMXParseSATAController} and
 * {@code virVMXParseDisk}: SCSI (4 controllers, units 0-15 or 0-63 from hardware version 13,
 * unit 7 skipped), SATA (4 controllers of 30 units), IDE (2 buses of 2 units) and 2 floppies,
 * each slot read first as a hard disk, then as a CD-ROM.
 */
final class VmxDisks {

    /** libvirt's VMX names of its SCSI controller models, by index of the model enum. */
    private static final Set<String> SCSI_MODELS = Set.of("buslogic", "lsilogic", "lsisas1068", "pvscsi");

    /** One disk as the domain XML shows it. */
    record Disk(String type, String device, String source, boolean optional, String dst, String bus,
                boolean writeThrough, boolean readonly, boolean isTransient, DiskNames.Drive address) {
    }

    /** One controller: type, index and model (null for none). */
    record Controller(String type, int index, String model) {
    }

    final List<Disk> disks = new ArrayList<>();
    final List<Controller> controllers = new ArrayList<>();

    private final Vmx vmx;
    private final VmxContext ctx;
    private final int scsiBusMaxUnit;

    private VmxDisks(Vmx vmx, VmxContext ctx, int scsiBusMaxUnit) {
        this.vmx = vmx;
        this.ctx = ctx;
        this.scsiBusMaxUnit = scsiBusMaxUnit;
    }

    static VmxDisks parse(Vmx vmx, VmxContext ctx, int scsiBusMaxUnit) {
        VmxDisks d = new VmxDisks(vmx, ctx, scsiBusMaxUnit);
        d.read();
        return d;
    }

    private void read() {
        String[] scsiModel = new String[4];
        for (int c = 0; c < 4; c++) {
            if (!vmx.bool("scsi" + c + ".present", false, true)) {
                continue;
            }
            scsiModel[c] = scsiModel(c);
            for (int unit = 0; unit < scsiBusMaxUnit; unit++) {
                if (unit != 7) { // the SCSI controller's own unit
                    slot("scsi", c, unit);
                }
            }
        }
        // the SCSI controllers up to the one the last disk uses, with the models the file names
        int scsiDisks = disks.size();
        if (scsiDisks > 0) {
            for (int c = 0; c <= disks.get(scsiDisks - 1).address().controller(); c++) {
                controllers.add(new Controller("scsi", c, c < 4 ? scsiModel[c] : null));
            }
        }
        for (int c = 0; c < 4; c++) {
            if (!vmx.bool("sata" + c + ".present", false, true)) {
                continue;
            }
            for (int unit = 0; unit < 30; unit++) {
                slot("sata", c, unit);
            }
        }
        if (disks.size() > scsiDisks) {
            for (int c = 0; c <= disks.get(disks.size() - 1).address().controller(); c++) {
                controllers.add(new Controller("sata", c, null));
            }
        }
        for (int bus = 0; bus < 2; bus++) {
            for (int unit = 0; unit < 2; unit++) {
                slot("ide", bus, unit);
            }
        }
        for (int unit = 0; unit < 2; unit++) {
            Disk f = disk("floppy", "fdc", 0, unit);
            if (f != null) {
                disks.add(f);
            }
        }
        // libvirt's post-parse adds the FDC and IDE controllers its disks use
        implicit("fdc");
        implicit("ide");
    }

    private void implicit(String bus) {
        int max = -1;
        for (Disk d : disks) {
            if (d.bus().equals(bus)) {
                max = Math.max(max, d.address().controller());
            }
        }
        for (int c = 0; c <= max; c++) {
            controllers.add(new Controller(bus, c, null));
        }
    }

    /** virVMXParseSCSIController's virtualDev: lower-cased, one of VMware's four models. */
    private String scsiModel(int c) {
        String name = "scsi" + c + ".virtualDev";
        String dev = Vmx.lower(vmx.string(name, true));
        if (dev == null) {
            return null;
        }
        if (!SCSI_MODELS.contains(dev)) {
            throw VmxParser.error("Expecting VMX entry '" + name + "' to be 'buslogic' or 'lsilogic' or "
                + "'lsisas1068' or 'pvscsi' but found '" + dev + "'");
        }
        return "pvscsi".equals(dev) ? "vmpvscsi" : dev;
    }

    /** One slot: a hard disk, else a CD-ROM, else nothing. */
    private void slot(String bus, int controllerOrBus, int unit) {
        Disk d = disk("disk", bus, controllerOrBus, unit);
        if (d == null) {
            d = disk("cdrom", bus, controllerOrBus, unit);
        }
        if (d != null) {
            disks.add(d);
        }
    }

    private String target(String bus, int controllerOrBus, int unit) {
        return switch (bus) {
            case "scsi" -> DiskNames.name(controllerOrBus * 15 + (unit < 7 ? unit : unit - 1), "sd");
            case "sata" -> DiskNames.name(controllerOrBus * 30 + unit, "sd");
            case "ide" -> DiskNames.name(controllerOrBus * 2 + unit, "hd");
            default -> DiskNames.name(unit, "fd");
        };
    }

    /** virVMXParseDisk: the disk in one slot as {@code device}, or null when the slot holds none of it. */
    private Disk disk(String device, String bus, int controllerOrBus, int unit) {
        String prefix = "fdc".equals(bus) ? "floppy" + unit : bus + controllerOrBus + ":" + unit;
        String dst = target(bus, controllerOrBus, unit);
        boolean present = vmx.bool(prefix + ".present", false, true);
        vmx.bool(prefix + ".startConnected", true, true); // read (and checked) but not used, as in libvirt
        if (!present) {
            return null;
        }
        String deviceTypeName = prefix + ".deviceType";
        String deviceType = vmx.string(deviceTypeName, true);
        boolean clientDevice = vmx.bool(prefix + ".clientDevice", false, true);
        String mode = vmx.string(prefix + ".mode", true);
        if (clientDevice) {
            // devices in client mode have nothing libvirt can show
            return null;
        }
        String fileType = vmx.string(prefix + ".fileType", true);
        String fileNameName = prefix + ".fileName";
        String fileName = vmx.string(fileNameName, true);
        boolean writeThrough = vmx.bool(prefix + ".writeThrough", false, true);
        String shownType = deviceType != null ? deviceType : "unknown";
        DiskNames.Drive address = DiskNames.assign(bus, dst, scsiBusMaxUnit);
        switch (device) {
            case "disk" -> {
                if (fileName == null || endsWithIgnoreCase(fileName, ".iso") || fileName.equals("emptyBackingString")
                    || deviceType != null && (deviceType.equalsIgnoreCase("atapi-cdrom")
                        || deviceType.equalsIgnoreCase("cdrom-raw") || deviceType.equalsIgnoreCase("cdrom-image")
                        || deviceType.equalsIgnoreCase("scsi-passthru") && fileName.startsWith("/vmfs/devices/cdrom/"))) {
                    return null; // a CD-ROM: the CD-ROM reading takes it
                }
                if (!endsWithIgnoreCase(fileName, ".vmdk")) {
                    throw VmxParser.error("Invalid or not yet handled value '" + fileName + "' for VMX entry '"
                        + fileNameName + "' for device type '" + shownType + "'");
                }
                if (deviceType != null) {
                    if ("scsi".equals(bus) && !deviceType.equalsIgnoreCase("scsi-hardDisk")
                        && !deviceType.equalsIgnoreCase("disk")) {
                        throw VmxParser.error("Expecting VMX entry '" + deviceTypeName + "' to be 'scsi-hardDisk' "
                            + "or 'disk' but found '" + deviceType + "'");
                    }
                    if ("ide".equals(bus) && !deviceType.equalsIgnoreCase("ata-hardDisk")
                        && !deviceType.equalsIgnoreCase("disk")) {
                        throw VmxParser.error("Expecting VMX entry '" + deviceTypeName + "' to be 'ata-hardDisk' "
                            + "or 'disk' but found '" + deviceType + "'");
                    }
                }
                String src = ctx.parseFileName(fileName, false);
                return new Disk("file", "disk", src, false, dst, bus, writeThrough, false,
                    mode != null && mode.equalsIgnoreCase("independent-nonpersistent"), address);
            }
            case "cdrom" -> {
                if (fileName != null && endsWithIgnoreCase(fileName, ".vmdk")) {
                    return null; // a hard disk image is for the hard disk reading
                }
                if (fileName != null && endsWithIgnoreCase(fileName, ".iso")) {
                    cdromImageType(deviceTypeName, deviceType);
                    String src = ctx.parseFileName(fileName, true);
                    return new Disk("file", "cdrom", src, false, dst, bus, false, true, false, address);
                }
                if (deviceType != null && deviceType.equalsIgnoreCase("atapi-cdrom")) {
                    return hostDrive("cdrom", fileName, dst, bus, address);
                }
                if (deviceType != null && deviceType.equalsIgnoreCase("cdrom-raw")) {
                    // raw access CD-ROMs are device='lun'
                    return hostDrive("lun", fileName, dst, bus, address);
                }
                if ("scsi".equals(bus) && deviceType != null && deviceType.equalsIgnoreCase("scsi-passthru")) {
                    if (fileName != null && fileName.startsWith("/vmfs/devices/cdrom/")) {
                        return new Disk("block", "lun", fileName, false, dst, bus, false, true, false, address);
                    }
                    return null; // not a CD-ROM: nothing libvirt shows
                }
                if (fileName != null && (fileName.isEmpty() || fileName.equals("emptyBackingString"))) {
                    cdromImageType(deviceTypeName, deviceType);
                    return new Disk("file", "cdrom", null, false, dst, bus, false, true, false, address);
                }
                throw VmxParser.error("Invalid or not yet handled value '" + nullStr(fileName) + "' for VMX entry '"
                    + fileNameName + "' for device type '" + shownType + "'");
            }
            default -> {
                if (fileType != null && fileType.equalsIgnoreCase("device")) {
                    return new Disk("block", "floppy", fileName, false, dst, bus, false, false, false, address);
                }
                if (fileType != null && fileType.equalsIgnoreCase("file")) {
                    String src = fileName == null ? null : ctx.parseFileName(fileName, false);
                    return new Disk("file", "floppy", src, false, dst, bus, false, false, false, address);
                }
                throw VmxParser.error("Invalid or not yet handled value '" + nullStr(fileName) + "' for VMX entry '"
                    + fileNameName + "' for device type '" + shownType + "'");
            }
        }
    }

    private static Disk hostDrive(String device, String fileName, String dst, String bus, DiskNames.Drive address) {
        if (fileName != null && fileName.equalsIgnoreCase("auto detect")) {
            return new Disk("block", device, null, true, dst, bus, false, true, false, address);
        }
        return new Disk("block", device, fileName, false, dst, bus, false, true, false, address);
    }

    private static void cdromImageType(String name, String deviceType) {
        if (deviceType != null && !deviceType.equalsIgnoreCase("cdrom-image")) {
            throw VmxParser.error("Expecting VMX entry '" + name + "' to be 'cdrom-image' but found '" + deviceType
                + "'");
        }
    }

    static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.length() >= suffix.length() && s.regionMatches(true, s.length() - suffix.length(), suffix, 0,
            suffix.length());
    }

    private static String nullStr(String s) {
        return s == null ? "<null>" : s;
    }

    /** The disks and controllers as domain XML, in libvirt's order. */
    void write(XmlText x) {
        for (Disk d : disks) {
            x.open("disk", "type", d.type(), "device", d.device());
            if (d.writeThrough()) {
                x.empty("driver", "cache", "writethrough");
            }
            if (d.source() != null) {
                x.empty("source", "file".equals(d.type()) ? "file" : "dev", d.source());
            } else if (d.optional()) {
                x.empty("source", "startupPolicy", "optional");
            }
            x.empty("target", "dev", d.dst(), "bus", d.bus());
            if (d.readonly()) {
                x.empty("readonly");
            }
            if (d.isTransient()) {
                x.empty("transient");
            }
            DiskNames.Drive a = d.address();
            x.empty("address", "type", "drive", "controller", String.valueOf(a.controller()), "bus",
                String.valueOf(a.bus()), "target", "0", "unit", String.valueOf(a.unit()));
            x.close("disk");
        }
        for (Controller c : controllers) {
            x.empty("controller", "type", c.type(), "index", String.valueOf(c.index()), "model", c.model());
        }
    }
}
