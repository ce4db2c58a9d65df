package io.jvirt.core.kit;

/**
 * libvirt's disk target names and default drive addresses: {@code virDiskNameToIndex},
 * {@code virIndexToDiskName} and {@code virDomainDiskDefAssignAddress} (a narrow SCSI bus with
 * {@link #SCSI_NARROW_BUS_MAX_CONT_UNIT}, the VMware drivers' wide one with
 * {@link #SCSI_WIDE_BUS_MAX_CONT_UNIT}). Written once for every driver that names or places disks
 * as libvirt does (moved here from driver-esx for driver-hyperv).
 *
 * @since 1.2.0
 */
public final class DiskNames {

    /** Units on a narrow SCSI bus (libvirt's default: 7 disks per controller). */
    public static final int SCSI_NARROW_BUS_MAX_CONT_UNIT = 8;
    /** Units on a wide SCSI bus (0..15, unit 7 being the controller itself). */
    public static final int SCSI_WIDE_BUS_MAX_CONT_UNIT = 16;
    /** Units on a super-wide SCSI bus (VMware hardware version 13 and later). */
    public static final int SCSI_SUPER_WIDE_BUS_MAX_CONT_UNIT = 64;

    private static final String[] PREFIXES = {"fd", "hd", "vd", "sd", "xvd", "ubd"};

    /** A drive address: {@code <address type='drive' controller bus target='0' unit/>}. */
    public record Drive(int controller, int bus, int unit) {
    }

    private DiskNames() {
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
     * virDomainDiskDefAssignAddress: the default drive address of target {@code dst} on {@code bus},
     * or null when the name has no index. SCSI uses {@code scsiBusMaxUnit - 1} units per controller
     * and skips unit 7; IDE 2 units on 2 buses; FDC 2 units; SATA 6 units.
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
                yield new Drive(idx / per, 0, unit >= 7 ? unit + 1 : unit);
            }
            case "ide" -> new Drive(idx / 4, (idx % 4) / 2, idx % 2);
            case "fdc" -> new Drive(idx / 2, 0, idx % 2);
            case "sata" -> new Drive(idx / 6, 0, idx % 6);
            default -> new Drive(0, 0, 0);
        };
    }
}
