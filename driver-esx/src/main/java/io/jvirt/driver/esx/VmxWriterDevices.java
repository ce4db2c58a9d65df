package io.jvirt.driver.esx;

import java.util.List;

import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.CharSource;
import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.driver.esx.DomainToVmx.VmxWriter;

/** The device lines of a VMX file, in libvirt's order: SCSI controllers, disks, floppies, NICs, ports. */
final class VmxWriterDevices {

    private VmxWriterDevices() {
    }

    static void write(DomainDef def, VmxWriter w) {
        if (!def.filesystems().isEmpty()) {
            throw VmxParser.error("No support for shared folders (filesystems) yet");
        }
        String[] scsiModel = new String[4];
        boolean[] scsi = new boolean[4];
        for (DiskDef d : def.disks()) {
            if ("scsi".equals(d.targetBus())) {
                int c = index(d) / 15;
                if (c > 3) {
                    throw VmxParser.error("SCSI disk '" + d.targetDev() + "' is beyond the 4 controllers VMware has");
                }
                scsi[c] = true;
                if (d.driverName() != null) {
                    scsiModel[c] = d.driverName();
                }
            }
        }
        for (ControllerDef c : def.controllers()) {
            if ("scsi".equals(c.type()) && c.index() < 4 && c.model() != null) {
                scsiModel[c.index()] = c.model();
            }
        }
        for (int c = 0; c < 4; c++) {
            if (scsi[c]) {
                w.put("scsi" + c + ".present", "true");
                if (scsiModel[c] != null) {
                    w.put("scsi" + c + ".virtualDev", "vmpvscsi".equals(scsiModel[c]) ? "pvscsi" : scsiModel[c]);
                }
            }
        }
        boolean[] floppy = new boolean[2];
        for (DiskDef d : def.disks()) {
            if ("floppy".equals(d.device())) {
                int u = index(d);
                floppy[u] = true;
                String p = "floppy" + u;
                w.put(p + ".present", "true");
                if ("block".equals(d.type())) {
                    w.put(p + ".fileType", "device").put(p + ".fileName", d.sourcePath());
                } else {
                    w.put(p + ".fileType", "file");
                    if (d.sourcePath() != null) {
                        w.put(p + ".fileName", DatastorePaths.toVmx(d.sourcePath()));
                    }
                }
            } else {
                disk(d, w);
            }
        }
        for (int u = 0; u < 2; u++) {
            if (!floppy[u]) {
                w.put("floppy" + u + ".present", "false");
            }
        }
        List<InterfaceDef> nics = def.interfaces();
        for (int n = 0; n < nics.size(); n++) {
            VmxWriterNics.ethernet(nics.get(n), n, w);
        }
        int serial = 0;
        int parallel = 0;
        for (CharDeviceDef c : def.charDevices()) {
            if ("serial".equals(c.kind())) {
                charDev(c, "serial" + (c.targetPort() != null ? c.targetPort() : serial), w);
                serial++;
            } else if ("parallel".equals(c.kind())) {
                charDev(c, "parallel" + (c.targetPort() != null ? c.targetPort() : parallel), w);
                parallel++;
            }
        }
    }

    private static void disk(DiskDef d, VmxWriter w) {
        String bus = d.targetBus();
        int idx = index(d);
        String p;
        if ("scsi".equals(bus)) {
            int unit = idx % 15;
            p = "scsi" + idx / 15 + ":" + (unit < 7 ? unit : unit + 1);
        } else if ("ide".equals(bus)) {
            p = "ide" + idx / 2 + ":" + idx % 2;
        } else if ("sata".equals(bus)) {
            p = "sata" + idx / 30 + ":" + idx % 30;
        } else {
            throw VmxParser.error("Unsupported bus type '" + bus + "' for disk '" + d.targetDev() + "'");
        }
        w.put(p + ".present", "true");
        String src = d.sourcePath();
        switch (d.device() == null ? "disk" : d.device()) {
            case "disk" -> {
                if (src == null || !src.toLowerCase().endsWith(".vmdk")) {
                    throw VmxParser.error("Image '" + src + "' (for " + bus + " harddisk) has unsupported suffix, "
                        + "expecting '.vmdk'");
                }
                w.put(p + ".deviceType", "ide".equals(bus) ? "ata-hardDisk" : "scsi".equals(bus) ? "scsi-hardDisk" : "disk");
                w.put(p + ".fileName", DatastorePaths.toVmx(src));
                if (kept(d, "transient")) {
                    w.put(p + ".mode", "independent-nonpersistent");
                }
                if ("writethrough".equals(d.driverAttrs().get("cache"))) {
                    w.put(p + ".writeThrough", "true");
                }
            }
            case "cdrom" -> {
                if ("block".equals(d.type())) {
                    w.put(p + ".deviceType", "atapi-cdrom");
                    if (src == null) {
                        w.put(p + ".autodetect", "true").put(p + ".fileName", "auto detect");
                    } else {
                        w.put(p + ".fileName", src);
                    }
                } else {
                    w.put(p + ".deviceType", "cdrom-image");
                    w.put(p + ".fileName", src == null ? "emptyBackingString" : DatastorePaths.toVmx(src));
                }
            }
            case "lun" -> {
                if (src != null && src.startsWith("/vmfs/devices/cdrom/")) {
                    w.put(p + ".deviceType", "scsi-passthru").put(p + ".fileName", src);
                } else {
                    lun(p, src, w);
                }
            }
            default -> throw VmxParser.error("Unsupported disk device type '" + d.device() + "'");
        }
    }

    private static void lun(String p, String src, VmxWriter w) {
        w.put(p + ".deviceType", "cdrom-raw");
        if (src == null) {
            w.put(p + ".autodetect", "true").put(p + ".fileName", "auto detect");
        } else {
            w.put(p + ".fileName", src);
        }
    }

    private static void charDev(CharDeviceDef c, String p, VmxWriter w) {
        CharSource s = c.sources().isEmpty() ? null : c.sources().get(0);
        String path = s == null ? null : s.path();
        w.put(p + ".present", "true");
        boolean serial = p.startsWith("serial");
        switch (c.type()) {
            case "dev" -> w.put(p + ".fileType", "device").put(p + ".fileName", path);
            case "file" -> w.put(p + ".fileType", "file").put(p + ".fileName", DatastorePaths.toVmx(path));
            case "pipe" -> {
                if (!serial) {
                    throw VmxParser.error("Unsupported character device type 'pipe' for " + p);
                }
                w.put(p + ".fileType", "pipe").put(p + ".pipe.endPoint", "client").put(p + ".tryNoRxLoss", "false")
                    .put(p + ".fileName", path);
            }
            case "tcp" -> {
                if (!serial) {
                    throw VmxParser.error("Unsupported character device type 'tcp' for " + p);
                }
                String proto = c.protocol() == null ? "raw" : c.protocol();
                String scheme = switch (proto) {
                    case "raw" -> "tcp";
                    case "telnet" -> "telnet";
                    case "telnets" -> "telnets";
                    case "tls" -> "ssl";
                    default -> throw VmxParser.error("Unsupported character device TCP protocol '" + proto + "'");
                };
                w.put(p + ".fileType", "network").put(p + ".fileName", scheme + "://" + s.host() + ":" + s.service())
                    .put(p + ".network.endPoint", "bind".equals(s.mode()) ? "server" : "client");
            }
            default -> throw VmxParser.error("Unsupported character device type '" + c.type() + "'");
        }
        if (serial) {
            w.put(p + ".yieldOnMsrRead", "true");
        }
    }

    private static boolean kept(DiskDef d, String name) {
        for (XmlElement e : d.kept()) {
            if (name.equals(e.name())) {
                return true;
            }
        }
        return false;
    }

    /** The index a target name encodes: "sda" 0, "sdp" 15, "hdb" 1, "fdb" 1, "sdaa" 26. */
    static int index(DiskDef d) {
        String dev = d.targetDev();
        if (dev == null || dev.length() < 3) {
            throw VmxParser.error("Invalid disk target '" + dev + "'");
        }
        int idx = 0;
        for (char c : dev.substring(2).toCharArray()) {
            if (c < 'a' || c > 'z') {
                throw VmxParser.error("Invalid disk target '" + dev + "'");
            }
            idx = idx * 26 + (c - 'a' + 1);
        }
        return idx - 1;
    }
}
