package io.jvirt.api.domain;

/**
 * libvirt's disk target names and default drive addresses, for the model's generic post-parse
 * and every driver that names or places disks as libvirt does: {@code virDiskNameToIndex},
 * {@code virIndexToDiskName}, the bus {@code virDomainDiskDefPostParse} gives a disk without one,
 * and {@code virDomainDiskDefAssignAddress} (narrow SCSI bus of {@link #SCSI_NARROW_BUS_MAX_CONT_UNIT}
 * units, the VMware drivers' wide one of {@link #SCSI_WIDE_BUS_MAX_CONT_UNIT}).
 *
 * @since 0.15.0
 */
public final class DiskTargets {

    /** Units on a narrow SCSI bus (libvirt's default: 7 disks per controller). */
    public static final int SCSI_NARROW_BUS_MAX_CONT_UNIT = 8;
    /** Units on a wide SCSI bus (0..15, unit 7 being the controller itself). */
    public static final int SCSI_WIDE_BUS_MAX_CONT_UNIT = 16;
    /** Units on a super-wide SCSI bus (VMware hardware version 13 and later). */
    public static final int SCSI_SUPER_WIDE_BUS_MAX_CONT_UNIT = 64;

    private static final String[] PREFIXES = {"fd", "hd", "vd", "sd", "xvd", "ubd"};

    /** A drive address: {@code <address type='drive' controller bus target='0' unit/>}. */
    public record Drive(int controller, int bus, int unit) {

        /** The address element libvirt writes for it. */
        public XmlElement element() {
            return new XmlElement("address").attr("type", "drive").attr("controller", String.valueOf(controller))
                .attr("bus", String.valueOf(bus)).attr("target", "0").attr("unit", String.valueOf(unit));
        }
    }

    private DiskTargets() {
    }

    /** virDiskNameToIndex: "sda" 0, "hdd" 3, "sdaa" 26 (trailing partition digits ignored); -1 when invalid or past an int. */
    public static int index(String name) {
        if (name == null) {
            return -1;
        }
        int at = -1;
        for (String p : PREFIXES) {
            if (name.startsWith(p)) {
                at = p.length();
                break;
            }
        }
        // libvirt needs a lower-case letter right after the prefix ("sd" or "sd1" is no disk)
        if (at < 0 || at >= name.length() || name.charAt(at) < 'a' || name.charAt(at) > 'z') {
            return -1;
        }
        long idx = 0;
        int i = 0;
        for (; at < name.length() && name.charAt(at) >= 'a' && name.charAt(at) <= 'z'; at++, i++) {
            idx = (idx + (i < 1 ? 0 : 1)) * 26 + (name.charAt(at) - 'a');
            if (idx > Integer.MAX_VALUE) {
                return -1;
            }
        }
        for (; at < name.length(); at++) {
            if (name.charAt(at) < '0' || name.charAt(at) > '9') {
                return -1;
            }
        }
        return (int) idx;
    }

    /** virIndexToDiskName: 0 is prefix + "a", 25 "z", 26 "aa". */
    public static String name(int idx, String prefix) {
        StringBuilder sb = new StringBuilder();
        int i = idx;
        do {
            sb.insert(0, (char) ('a' + i % 26));
            i = i / 26 - 1;
        } while (i >= 0);
        return prefix + sb;
    }

    /**
     * virDomainDiskDefPostParse's bus for a disk without one: fdc for a floppy, else by the target
     * name's prefix (hd ide, sd scsi, vd virtio, xvd xen, ubd uml), ide for any other name.
     */
    public static String defaultBus(String device, String dst) {
        if ("floppy".equals(device)) {
            return "fdc";
        }
        if (dst != null) {
            if (dst.startsWith("sd")) {
                return "scsi";
            } else if (dst.startsWith("vd")) {
                return "virtio";
            } else if (dst.startsWith("xvd")) {
                return "xen";
            } else if (dst.startsWith("ubd")) {
                return "uml";
            }
        }
        return "ide";
    }

    /**
     * virDomainDiskDefAssignAddress: the default drive address of target {@code dst} on {@code bus},
     * or null when the name has no index. SCSI uses {@code scsiBusMaxUnit - 1} units per controller
     * and skips unit 7; IDE 2 units on 2 buses; FDC 2 units; SATA 6 units; any other bus (0, 0, 0),
     * which libvirt does not use as an address (see {@link #hasDriveAddress}).
     */
    public static Drive assign(String bus, String dst, int scsiBusMaxUnit) {
        int idx = index(dst);
        if (idx < 0) {
            return null;
        }
        return switch (bus) {
            case "scsi" -> {
                int per = scsiBusMaxUnit - 1;
                int unit = idx % per;
                yield new Drive(idx / per, 0, scsiBusMaxUnit > SCSI_NARROW_BUS_MAX_CONT_UNIT && unit >= 7 ? unit + 1 : unit);
            }
            case "ide" -> new Drive(idx / 4, (idx % 4) / 2, idx % 2);
            case "fdc" -> new Drive(idx / 2, 0, idx % 2);
            case "sata" -> new Drive(idx / 6, 0, idx % 6);
            default -> new Drive(0, 0, 0);
        };
    }

    /**
     * Whether {@code c} is a controller libvirt's virDomainDefAddImplicitControllers would add for
     * a disk of {@code def}: of the disk's bus, without a model, at the controller its drive
     * address names (drivers that define only disks take it as part of the disk).
     */
    public static boolean isImplicitDiskController(DomainDef def, ControllerDef c) {
        if (c.model() != null || !hasDriveAddress(c.type())) {
            return false;
        }
        for (DiskDef disk : def.disks()) {
            XmlElement a = disk.address();
            if (c.type().equals(disk.targetBus()) && a != null && "drive".equals(a.attributes().get("type"))
                && String.valueOf(c.index()).equals(a.attributes().getOrDefault("controller", "0"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether libvirt gives a disk on {@code bus} a drive address (the controller-based buses). */
    public static boolean hasDriveAddress(String bus) {
        return "scsi".equals(bus) || "ide".equals(bus) || "fdc".equals(bus) || "sata".equals(bus);
    }
}
