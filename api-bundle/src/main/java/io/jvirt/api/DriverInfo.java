package io.jvirt.api;

import java.util.List;

/**
 * An installed hypervisor driver, as {@code virt:drivers} shows it.
 *
 * @param name          the driver's name ("test", "qemu", ...)
 * @param schemes       the URI schemes it may accept
 * @param stateful      whether it keeps domain state itself
 * @param bundleId      the id of the bundle that provides it, -1 outside OSGi
 * @param bundleName    that bundle's symbolic name, "" outside OSGi
 * @param bundleVersion that bundle's version, "" outside OSGi
 * @param functions     the libvirt API functions the driver implements ("virDomainSuspend", ...),
 *                      sorted, read from its code; empty when the driver does not say (since 0.4.0)
 */
public record DriverInfo(String name, List<String> schemes, boolean stateful, long bundleId, String bundleName,
                         String bundleVersion, List<String> functions) {

    public DriverInfo {
        schemes = List.copyOf(schemes);
        functions = functions == null ? List.of() : List.copyOf(functions);
    }

    /** A driver whose functions are not known. */
    public DriverInfo(String name, List<String> schemes, boolean stateful, long bundleId, String bundleName,
                      String bundleVersion) {
        this(name, schemes, stateful, bundleId, bundleName, bundleVersion, List.of());
    }
}
