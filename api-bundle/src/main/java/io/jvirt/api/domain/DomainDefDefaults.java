package io.jvirt.api.domain;

/**
 * The hook through which a driver applies its own defaults to a parsed or built definition
 * (buses, implicit controllers, addresses, emulator, machine type, architecture ...). The model
 * applies only libvirt's driver-independent defaults; it calls {@link #apply} first, as libvirt
 * runs the driver's post-parse callback before the generic one.
 */
public interface DomainDefDefaults {

    /** No driver-specific defaults. */
    DomainDefDefaults NONE = def -> {
    };

    /** Fills in driver-specific defaults; may throw {@link io.jvirt.api.VirtException} to reject the definition. */
    void apply(DomainDef def);

    /**
     * Whether this driver's domain names may contain '/' (libvirt's
     * {@code VIR_DOMAIN_DEF_FEATURE_NAME_SLASH}, which its VMware drivers set: vSphere names may).
     */
    default boolean namesMayContainSlash() {
        return false;
    }

    /**
     * Whether this driver's SCSI buses are wide (libvirt's {@code VIR_DOMAIN_DEF_FEATURE_WIDE_SCSI},
     * which its VMware drivers set): 15 disks per controller, unit 7 skipped, where the narrow
     * default places 7. The generic post-parse uses it for the drive address of a SCSI disk
     * without one.
     */
    default boolean wideScsiBus() {
        return false;
    }

    /**
     * The model type of a video device that names none, for the video libvirt adds to a domain
     * with graphics and no video (a driver's device post-parse: the test driver's xen for a Xen
     * guest, vga on ppc64, cirrus elsewhere). Null (the default): the driver has no such rule, so
     * a video without a type keeps none and no video is added (libvirt would keep its type
     * "default", which its schema refuses; every libvirt driver with graphics has a rule).
     */
    default String defaultVideoType(DomainDef def) {
        return null;
    }

    /** A MAC address for an interface that has none; drivers may use their own prefix. */
    default String generateMac() {
        return MacAddress.generate();
    }
}
