package io.jvirt.core.kit.vmx;

import java.util.Locale;

import io.jvirt.api.domain.XmlText;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.MacAddress;

/**
 * The network interfaces of a VMX file as domain XML (libvirt's {@code virVMXParseEthernet}):
 * {@code ethernetN} for every N up to the highest one any entry names, its MAC address and type,
 * model, connection (bridged, custom, nat, a distributed switch, or none at all).
 */
final class VmxEthernet {

    private VmxEthernet() {
    }

    /**
     * The N of the {@code ethernetN.*} entries, ascending (virVMXConfigScanResultsCollector); an
     * entry whose index does not parse is an error. libvirt reads every N up to the highest one,
     * but one without entries is not present, so these are the ones that can be.
     */
    static java.util.SortedSet<Integer> indexes(Vmx vmx) {
        java.util.SortedSet<Integer> found = new java.util.TreeSet<>();
        for (String name : vmx.names()) {
            if (name.length() < 8 || !name.regionMatches(true, 0, "ethernet", 0, 8)) {
                continue;
            }
            String suffix = name.substring(8);
            int i = 0;
            while (i < suffix.length() && LibvirtNumbers.isSpace(suffix.charAt(i))) {
                i++;
            }
            int sign = i;
            if (i < suffix.length() && (suffix.charAt(i) == '+' || suffix.charAt(i) == '-')) {
                i++;
            }
            int digits = i;
            while (i < suffix.length() && Character.isDigit(suffix.charAt(i)) && suffix.charAt(i) < 128) {
                i++;
            }
            Long idx = i == digits ? null : LibvirtNumbers.ll(suffix.substring(sign, i));
            if (idx == null || idx > Integer.MAX_VALUE || i >= suffix.length() || suffix.charAt(i) != '.'
                || idx < 0) {
                throw VmxParser.error("failed to parse the index of the VMX key '" + name + "'");
            }
            found.add(idx.intValue());
        }
        return found;
    }

    /** ethernetN as an {@code <interface>}, or nothing when it is not present. */
    static void write(Vmx vmx, int n, XmlText x) {
        String p = "ethernet" + n;
        boolean present = vmx.bool(p + ".present", false, true);
        vmx.bool(p + ".startConnected", true, true);
        if (!present) {
            return;
        }
        String connectionType = vmx.string(p + ".connectionType", true);
        String addressTypeName = p + ".addressType";
        String addressType = vmx.string(addressTypeName, true);
        String generatedName = p + ".generatedAddress";
        String generated = vmx.string(generatedName, true);
        String addressName = p + ".address";
        String address = vmx.string(addressName, true);
        String checkMac = vmx.string(p + ".checkMACAddress", true);
        String mac = null;
        String macType = null;
        if (addressType == null || addressType.equalsIgnoreCase("generated") || addressType.equalsIgnoreCase("vpx")) {
            if (generated != null) {
                mac = mac(generatedName, generated);
            }
            if (addressType != null) {
                macType = "generated";
            }
        } else if (addressType.equalsIgnoreCase("static")) {
            if (address != null) {
                mac = mac(addressName, address);
            }
            macType = "static";
        } else {
            throw VmxParser.error("Expecting VMX entry '" + addressTypeName + "' to be 'generated' or 'static' or "
                + "'vpx' but found '" + addressType + "'");
        }
        String check = checkMac == null ? null : "true".equals(checkMac) ? "yes" : "no";

        String virtualDevName = p + ".virtualDev";
        String virtualDev = vmx.string(virtualDevName, true);
        long features = vmx.number(p + ".features", 0, true);
        String model = null;
        if (virtualDev != null) {
            model = switch (virtualDev.toLowerCase(Locale.ROOT)) {
                case "vlance", "vmxnet", "vmxnet3", "e1000", "e1000e" -> virtualDev.toLowerCase(Locale.ROOT);
                default -> throw VmxParser.error("Expecting VMX entry '" + virtualDevName + "' to be 'vlance' or "
                    + "'vmxnet' or 'vmxnet3' or 'e1000' or 'e1000e' but found '" + virtualDev + "'");
            };
            if ("vmxnet".equals(model) && features == 15) {
                model = "vmxnet2";
            }
        }

        String networkName = null;
        if (connectionType == null || connectionType.equalsIgnoreCase("bridged")
            || connectionType.equalsIgnoreCase("custom")) {
            networkName = vmx.string(p + ".networkName", connectionType == null);
        }
        String vnet = null;
        if (connectionType != null && connectionType.equalsIgnoreCase("custom")) {
            vnet = vmx.string(p + ".vnet", false);
        }
        String switchId = vmx.string(p + ".dvs.switchId", true);

        String[] source = null;
        String type;
        if (switchId != null) {
            type = "vds";
            String uuid = VmxNumbers.parseUuid(switchId);
            if (uuid == null) {
                throw VmxParser.error("Could not parse UUID from string '" + switchId + "'");
            }
            String portgroup = vmx.string(p + ".dvs.portgroupId", true);
            long port = vmx.number(p + ".dvs.portId", 0, true);
            long connection = vmx.number(p + ".dvs.connectionId", 0, true);
            // libvirt shows a port or connection id of 0 as none
            source = new String[] {"switchid", uuid, "portid", port == 0 ? null : String.valueOf(port), "portgroupid",
                portgroup, "connectionid", connection == 0 ? null : String.valueOf(connection)};
        } else if (connectionType == null && networkName == null) {
            type = "null";
        } else if (connectionType == null || connectionType.equalsIgnoreCase("bridged")) {
            type = "bridge";
            source = new String[] {"bridge", networkName};
        } else if (connectionType.equalsIgnoreCase("hostonly")) {
            throw VmxParser.error("No yet handled value '" + connectionType + "' for VMX entry '" + p
                + ".connectionType'");
        } else if (connectionType.equalsIgnoreCase("nat")) {
            type = "user";
        } else if (connectionType.equalsIgnoreCase("custom")) {
            type = "bridge";
            source = new String[] {"bridge", networkName};
        } else {
            throw VmxParser.error("Invalid value '" + connectionType + "' for VMX entry '" + p + ".connectionType'");
        }

        x.open("interface", "type", type);
        // without an address in the file libvirt shows 00:00:00:00:00:00 (the model gives one instead)
        x.empty("mac", "address", mac == null ? "00:00:00:00:00:00" : mac, "type", macType, "check", check);
        if (source != null) {
            x.empty("source", source);
        }
        if (vnet != null) {
            x.empty("target", "dev", vnet);
        }
        if (model != null) {
            x.empty("model", "type", model);
        }
        x.close("interface");
    }

    private static String mac(String name, String value) {
        String mac = MacAddress.canonical(value);
        if (mac == null) {
            throw VmxParser.error("Expecting VMX entry '" + name + "' to be MAC address but found '" + value + "'");
        }
        return mac;
    }
}
