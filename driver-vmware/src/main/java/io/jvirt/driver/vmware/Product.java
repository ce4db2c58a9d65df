package io.jvirt.driver.vmware;

import java.util.Optional;

/**
 * The VMware product a URI names (libvirt's vmwareDriver enum): the rest of the scheme after
 * "vmware" is vmrun's {@code -T} host type, and each product has its own program that tells the
 * version ({@code vmwareExtractVersion}) and its own pattern in that program's answer
 * ({@code vmwareParseVersionStr}).
 */
enum Product {
    PLAYER("player", "vmplayer", "VMware Player "),
    WORKSTATION("ws", "vmware", "VMware Workstation "),
    FUSION("fusion", "vmware-vmx", "\nVMware Fusion Information:\nVMware Fusion ");

    private final String hostType;
    private final String versionProgram;
    private final String versionPattern;

    Product(String hostType, String versionProgram, String versionPattern) {
        this.hostType = hostType;
        this.versionProgram = versionProgram;
        this.versionPattern = versionPattern;
    }

    /** libvirt's vmwareDriverTypeFromString of the scheme's rest ("vmwarews" to WORKSTATION). */
    static Optional<Product> ofScheme(String scheme) {
        if (scheme == null || !scheme.startsWith("vmware")) {
            return Optional.empty();
        }
        String rest = scheme.substring("vmware".length());
        for (Product p : values()) {
            if (p.hostType.equals(rest)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** vmrun's {@code -T} argument. */
    String hostType() {
        return hostType;
    }

    String scheme() {
        return "vmware" + hostType;
    }

    /** The program beside vmrun that libvirt asks {@code -v}. */
    String versionProgram() {
        return versionProgram;
    }

    String versionPattern() {
        return versionPattern;
    }
}
