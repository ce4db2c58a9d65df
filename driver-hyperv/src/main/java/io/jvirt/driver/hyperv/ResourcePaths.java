package io.jvirt.driver.hyperv;

import java.util.List;

/**
 * WMI object paths of a VM's resources, as libvirt writes them into the {@code Parent} and
 * {@code HostResource} properties of the settings it adds
 * ({@code \\HOST\Root\Virtualization\V2:Class.InstanceID="..."}, a backslash in a key doubled), and
 * the matching the other way round (libvirt's hypervGetDeviceParentRasdFromDeviceId: a path names
 * the instance whose escaped InstanceID, closing quote included, ends it).
 */
final class ResourcePaths {

    static final String SWITCH = "Msvm_VirtualEthernetSwitch";

    private ResourcePaths() {
    }

    /** The path of a setting: {@code \\HOST\Root\Virtualization\V2:Class.InstanceID="ID"}. */
    static String setting(String host, String className, String instanceId) {
        return "\\\\" + host + "\\Root\\Virtualization\\V2:" + className + ".InstanceID=\"" + escape(instanceId) + "\"";
    }

    /** The path of a virtual switch, by its Name. */
    static String virtualSwitch(String host, String name) {
        return "\\\\" + host + "\\Root\\Virtualization\\V2:" + SWITCH + ".CreationClassName=\"" + SWITCH + "\",Name=\""
            + escape(name) + "\"";
    }

    private static String escape(String key) {
        return key.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Whether {@code path} names the instance with {@code instanceId} (libvirt's suffix rule). */
    static boolean names(String path, String instanceId) {
        return path != null && instanceId != null && path.endsWith(escape(instanceId) + "\"");
    }

    /** The setting of {@code candidates} that {@code path} names, or null. */
    static WmiObject find(String path, List<WmiObject> candidates) {
        for (WmiObject o : candidates) {
            if (names(path, o.str("InstanceID"))) {
                return o;
            }
        }
        return null;
    }

    /** The switch of {@code switches} that the path names (its Name key), or null. */
    static WmiObject findSwitch(String path, List<WmiObject> switches) {
        if (path == null || !path.contains(SWITCH + ".")) {
            return null;
        }
        for (WmiObject s : switches) {
            String name = s.str("Name");
            if (name != null && path.endsWith("Name=\"" + escape(name) + "\"")) {
                return s;
            }
        }
        return null;
    }
}
