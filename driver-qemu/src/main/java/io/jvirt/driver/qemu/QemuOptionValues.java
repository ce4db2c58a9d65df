package io.jvirt.driver.qemu;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Checks of the values that go into QEMU's {@code key=value,...} options where escaping is not
 * enough: names that QEMU's parsers split on ',' without knowing ',,' ({@code -cpu}), values that
 * name things (an SMBIOS field, a network interface, a machine type), and addresses. A value that
 * could carry a second option is refused instead of being passed on.
 */
final class QemuOptionValues {

    /** libvirt's SMBIOS entry names per section (its RelaxNG schema: sysinfo-bios-name, sysinfo-system-name). */
    static final Map<String, Set<String>> SMBIOS_ENTRIES = Map.of(
        "bios", Set.of("vendor", "version", "date", "release"),
        "system", Set.of("manufacturer", "product", "version", "serial", "uuid", "sku", "family"));

    private static final Pattern CPU_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern MACHINE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** What the kernel accepts as an interface name (dev_valid_name): at most 15 bytes, no '/', ':' or blanks. */
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.+-]{1,15}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

    private QemuOptionValues() {
    }

    static String smbiosEntry(String section, String name) {
        String n = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
        if (!SMBIOS_ENTRIES.getOrDefault(section, Set.of()).contains(n)) {
            throw invalid("unsupported SMBIOS entry '" + name + "' in <" + section + ">");
        }
        return n;
    }

    static String cpuModel(String model) {
        if (!CPU_NAME.matcher(model).matches()) {
            throw invalid("invalid CPU model name '" + model + "'");
        }
        return model;
    }

    static String cpuFeature(String feature) {
        if (feature == null || !CPU_NAME.matcher(feature).matches()) {
            throw invalid("invalid CPU feature name '" + feature + "'");
        }
        return feature;
    }

    static String machine(String machine) {
        if (!MACHINE.matcher(machine).matches()) {
            throw invalid("invalid machine type '" + machine + "'");
        }
        return machine;
    }

    /** A host network interface name (tap, bridge), or null. */
    static void checkInterfaceName(String name) {
        if (name != null && (!IFNAME.matcher(name).matches() || name.equals(".") || name.equals(".."))) {
            throw invalid("invalid network interface name '" + name + "'");
        }
    }

    /** A VNC listen address: an IPv4 or IPv6 literal, or a host name. */
    static void checkListenAddress(String address) {
        if (address == null || address.isEmpty() || !(isIpv4(address) || isIpv6(address) || HOSTNAME.matcher(address).matches())) {
            throw invalid("invalid listen address '" + address + "'");
        }
    }

    private static boolean isIpv4(String a) {
        var m = IPV4.matcher(a);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String a) {
        return a.contains(":") && IPV6.matcher(a).matches();
    }

    private static VirtException invalid(String what) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU, what);
    }
}
