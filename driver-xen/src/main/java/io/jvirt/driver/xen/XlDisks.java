package io.jvirt.driver.xen;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.domain.XmlText;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.core.kit.DiskNames;

/**
 * xen_xl.c's disk conversion (xenParseXLDisk, xenParseXLDiskSrc with libvirt's RBD colon string)
 * and the drive addresses and disk controllers libvirt's generic post-parse gives IDE and SCSI
 * disks (virDomainDiskDefAssignAddress, virDomainDefAddDiskControllersForType).
 */
final class XlDisks {

    private XlDisks() {
    }

    static String toXml(XlDiskSpec d, boolean hvm) {
        String device = d.cdrom ? "cdrom" : "disk";
        String driver;
        String type;
        String format;
        boolean rbd = d.target != null && d.target.startsWith("rbd:");
        if (d.cdrom) {
            driver = "qemu";
            type = "file";
            format = "raw";
        } else {
            format = switch (d.format) {
                case QCOW -> "qcow";
                case QCOW2 -> "qcow2";
                case VHD -> "vhd";
                case QED -> "qed";
                default -> "raw";
            };
            switch (d.backend) {
                case TAP -> {
                    driver = "tap";
                    type = "file";
                }
                case PHY -> {
                    driver = "phy";
                    type = "block";
                }
                default -> {
                    driver = "qemu";
                    type = "file";
                }
            }
        }
        if (rbd) {
            // xenParseXLDiskSrc sets the network type before the backend's type is chosen; only
            // qdisk keeps it (phy and tap set their own, as libvirt does)
            if (d.cdrom || d.backend == XlDiskSpec.Backend.UNKNOWN || d.backend == XlDiskSpec.Backend.QDISK) {
                type = "network";
            }
        }
        String bus = bus(d, hvm);
        XmlText x = new XmlText();
        x.open("disk", "type", type, "device", device);
        x.empty("driver", "name", driver, "type", format);
        if (d.target != null && !d.target.isEmpty()) {
            if (rbd) {
                if ("network".equals(type)) {
                    rbdSource(x, d.target.replace("\\\\", "\\"));
                }
            } else {
                x.empty("source", "block".equals(type) ? "dev" : "file", d.target);
            }
        }
        x.empty("target", "dev", d.vdev, "bus", bus);
        if (!d.readwrite) {
            x.empty("readonly");
        }
        int[] addr = address(d.vdev, bus);
        if (addr != null) {
            x.empty("address", "type", "drive", "controller", Integer.toString(addr[0]), "bus", Integer.toString(addr[1]),
                "target", "0", "unit", Integer.toString(addr[2]));
        }
        return x.close("disk").toString();
    }

    /** xenParseXLDisk's bus: xen for "xvd*" and every PV guest, scsi for "sd*", else ide. */
    static String bus(XlDiskSpec d, boolean hvm) {
        return d.vdev.startsWith("xvd") || !hvm ? "xen" : d.vdev.startsWith("sd") ? "scsi" : "ide";
    }

    /** virDomainDiskDefAssignAddress: [controller, bus, unit] for IDE and SCSI, null for others. */
    static int[] address(String dst, String bus) {
        if (!"ide".equals(bus) && !"scsi".equals(bus)) {
            return null;
        }
        int idx = DiskNames.index(dst);
        if (idx < 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "Unknown disk name '" + dst + "' and no address specified");
        }
        if ("ide".equals(bus)) {
            return new int[] {idx / 4, (idx % 4) / 2, idx % 2};
        }
        return new int[] {idx / 7, 0, idx % 7};
    }

    /** virStorageSourceParseRBDColonString: "rbd:pool/image[@snap][:key=value...]". */
    private static void rbdSource(XmlText x, String s) {
        List<String> parts = splitUnescaped(s.substring(4), ':');
        String name = unescape(parts.get(0));
        String snapshot = null;
        int at = name.indexOf('@');
        if (at >= 0) {
            snapshot = name.substring(at + 1);
            name = name.substring(0, at);
        }
        List<String[]> hosts = new ArrayList<>();
        String config = null;
        for (int i = 1; i < parts.size(); i++) {
            String opt = parts.get(i);
            if (opt.startsWith("mon_host=")) {
                // hosts are separated by an escaped ';', a host from its port by an escaped ':'
                for (String h : opt.substring(9).split("\\\\;", -1)) {
                    hosts.add(host(h));
                }
            } else if (opt.startsWith("conf=")) {
                config = unescape(opt.substring(5));
            } else if (opt.startsWith("id=")) {
                // a cephx user needs a secret libvirt's xl reader cannot name: refused rather than dropped
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.XENXL,
                    "RBD authentication (id=) in an xl disk target is not supported");
            }
        }
        x.open("source", "protocol", "rbd", "name", name);
        for (String[] h : hosts) {
            x.empty("host", "name", h[0], "port", h[1]);
        }
        if (snapshot != null) {
            x.empty("snapshot", "name", snapshot);
        }
        if (config != null) {
            x.empty("config", "file", config);
        }
        x.close("source");
    }

    private static String[] host(String h) {
        // "name\:port", "[v6\:addr]\:port"
        int split = -1;
        int depth = 0;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '\\' && i + 1 < h.length() && h.charAt(i + 1) == ':' && depth == 0) {
                split = i;
            }
        }
        String name = unescape(split >= 0 ? h.substring(0, split) : h);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        String port = split >= 0 ? h.substring(split + 2) : null;
        if (port != null && LibvirtNumbers.uip(port) == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.STORAGE, "failed to parse port number '" + port + "'");
        }
        return new String[] {name, port};
    }

    private static List<String> splitUnescaped(String s, char sep) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == sep) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                i++;
            }
            sb.append(s.charAt(i));
        }
        return sb.toString();
    }
}
