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
 */
public record DriverInfo(String name, List<String> schemes, boolean stateful, long bundleId, String bundleName,
                         String bundleVersion) {

    public DriverInfo {
        schemes = List.copyOf(schemes);
    }
}
