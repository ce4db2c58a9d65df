package io.jvirt.core.kit;

import io.jvirt.api.domain.DiskTargets;

/**
 * libvirt's disk target names and default drive addresses: {@code virDiskNameToIndex},
 * {@code virIndexToDiskName} and {@code virDomainDiskDefAssignAddress} (a narrow SCSI bus with
 * {@link #SCSI_NARROW_BUS_MAX_CONT_UNIT}, the VMware drivers' wide one with
 * {@link #SCSI_WIDE_BUS_MAX_CONT_UNIT}). The rules are the domain model's {@link DiskTargets}
 * (which the model's generic post-parse uses); this is their kit face for the drivers.
 *
 * @since 1.2.0
 */
public final class DiskNames {

    /** Units on a narrow SCSI bus (libvirt's default: 7 disks per controller). */
    public static final int SCSI_NARROW_BUS_MAX_CONT_UNIT = DiskTargets.SCSI_NARROW_BUS_MAX_CONT_UNIT;
    /** Units on a wide SCSI bus (0..15, unit 7 being the controller itself). */
    public static final int SCSI_WIDE_BUS_MAX_CONT_UNIT = DiskTargets.SCSI_WIDE_BUS_MAX_CONT_UNIT;
    /** Units on a super-wide SCSI bus (VMware hardware version 13 and later). */
    public static final int SCSI_SUPER_WIDE_BUS_MAX_CONT_UNIT = DiskTargets.SCSI_SUPER_WIDE_BUS_MAX_CONT_UNIT;

    /** A drive address: {@code <address type='drive' controller bus target='0' unit/>}. */
    public record Drive(int controller, int bus, int unit) {
    }

    private DiskNames() {
    }

    /** virDiskNameToIndex: "sda" 0, "hdd" 3, "sdaa" 26 (trailing partition digits ignored); -1 when invalid or past an int. */
    public static int index(String name) {
        return DiskTargets.index(name);
    }

    /** virIndexToDiskName: 0 is prefix + "a", 25 "z", 26 "aa". */
    public static String name(int idx, String prefix) {
        return DiskTargets.name(idx, prefix);
    }

    /**
     * virDomainDiskDefAssignAddress: the default drive address of target {@code dst} on {@code bus},
     * or null when the name has no index. SCSI uses {@code scsiBusMaxUnit - 1} units per controller
     * and skips unit 7; IDE 2 units on 2 buses; FDC 2 units; SATA 6 units.
     */
    public static Drive assign(String bus, String dst, int scsiBusMaxUnit) {
        DiskTargets.Drive d = DiskTargets.assign(bus, dst, scsiBusMaxUnit);
        return d == null ? null : new Drive(d.controller(), d.bus(), d.unit());
    }
}
