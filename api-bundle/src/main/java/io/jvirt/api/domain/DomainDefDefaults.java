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

    /** A MAC address for an interface that has none; drivers may use their own prefix. */
    default String generateMac() {
        return MacAddress.generate();
    }
}
