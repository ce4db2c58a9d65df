package io.jvirt.core.kit.vmx;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.jvirt.api.domain.XmlEscape;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.core.kit.vmx.DomainToVmx.VmxWriter;

/** The ethernetN lines of a VMX file (libvirt's {@code virVMXFormatEthernet}). */
final class VmxWriterNics {

    /** libvirt's interface model names (virDomainNetModel), matched without regard to case. */
    private static final List<String> MODELS = List.of("netfront", "rtl8139", "virtio", "e1000", "e1000e", "igb",
        "virtio-transitional", "virtio-non-transitional", "usb-net", "spapr-vlan", "lan9118", "smc91c111", "vlance",
        "vmxnet", "vmxnet2", "vmxnet3", "Am79C970A", "Am79C973", "82540EM", "82545EM", "82543GC");
    private static final Set<String> VMWARE_MODELS = Set.of("vlance", "vmxnet", "vmxnet2", "vmxnet3", "e1000",
        "e1000e");

    private VmxWriterNics() {
    }

    static void ethernet(InterfaceDef nic, int n, VmxWriter w, int hw) {
        // before hardware version 7 (ESX 4.0) VMware has 4 network cards, then 10
        int limit = hw >= 7 ? 9 : 3;
        if (n > limit) {
            throw VmxParser.error("Ethernet controller index " + n + " out of [0.." + limit + "] range");
        }
        String p = "ethernet" + n;
        w.put(p + ".present", "true");
        String model = knownModel(nic.model());
        if (model != null) {
            if (!VMWARE_MODELS.contains(model)) {
                throw VmxParser.error("Expecting domain XML entry 'devices/interface/model' to be 'vlance' or "
                    + "'vmxnet' or 'vmxnet2' or 'vmxnet3' or 'e1000' or 'e1000e' but found '" + model + "'");
            }
            if ("vmxnet2".equals(model)) {
                w.put(p + ".virtualDev", "vmxnet").put(p + ".features", "15");
            } else {
                w.put(p + ".virtualDev", model);
            }
        }
        switch (nic.type()) {
            case "bridge" -> {
                w.put(p + ".networkName", nic.sourceBridge());
                if (nic.targetDev() != null) {
                    w.put(p + ".connectionType", "custom").put(p + ".vnet", nic.targetDev());
                } else {
                    w.put(p + ".connectionType", "bridged");
                }
            }
            case "user" -> w.put(p + ".connectionType", "nat");
            case "null" -> {
                // no connection at all
            }
            case "vds" -> vds(nic, p, w);
            default -> throw DomainToVmx.unsupported("Unsupported net type '" + nic.type() + "'");
        }
        mac(nic, p, w);
    }

    /**
     * The model as libvirt keeps it: one of its model names in its own spelling, or null for no
     * model and for a name libvirt does not know (it keeps that one aside and writes nothing).
     */
    private static String knownModel(String model) {
        if (model == null) {
            return null;
        }
        for (String m : MODELS) {
            if (m.equalsIgnoreCase(model)) {
                return m;
            }
        }
        return null;
    }

    /** A distributed virtual switch port: switch UUID, port, port group and connection ids. */
    private static void vds(InterfaceDef nic, String p, VmxWriter w) {
        var a = nic.sourceAttrs();
        String uuid = a.get("switchid") == null ? null : VmxNumbers.parseUuid(a.get("switchid"));
        w.put(p + ".dvs.switchId", VmxNumbers.biosUuid(uuid == null ? "00000000-0000-0000-0000-000000000000" : uuid));
        w.put(p + ".dvs.portId", number(a.get("portid")));
        String portgroup = a.get("portgroupid");
        if (portgroup != null) {
            // libvirt escapes this one value as XML text
            w.put(p + ".dvs.portgroupId", XmlEscape.text(portgroup));
        }
        w.put(p + ".dvs.connectionId", number(a.get("connectionid")));
    }

    private static String number(String v) {
        if (v == null) {
            return "0";
        }
        Long n = LibvirtNumbers.ll(v);
        return n == null ? v : String.valueOf(n);
    }

    /**
     * The address type: what the XML says, else VMware's ranges: 00:0c:29 generated,
     * 00:50:56:00-3f static, 00:50:56:80-bf vCenter's ("vpx"), anything else static without the
     * MAC check.
     */
    private static void mac(InterfaceDef nic, String p, VmxWriter w) {
        String mac = nic.mac().toLowerCase(Locale.ROOT);
        int prefix = Integer.parseInt(mac.substring(0, 8).replace(":", ""), 16);
        int suffix = Integer.parseInt(mac.substring(9).replace(":", ""), 16);
        String type;
        String check = null;
        boolean vpx = false;
        if (prefix == 0x000c29) {
            type = "generated";
        } else if (prefix == 0x005056 && suffix <= 0x3fffff) {
            type = "static";
        } else if (prefix == 0x005056 && suffix >= 0x800000 && suffix <= 0xbfffff) {
            type = "generated";
            vpx = true;
        } else {
            type = "static";
            check = "false";
        }
        if (nic.macType() != null) {
            type = nic.macType();
            if ("generated".equals(type)) {
                check = null;
            }
        }
        if (nic.macCheck() != null) {
            check = "yes".equals(nic.macCheck()) ? "true" : "false";
        }
        if ("generated".equals(type)) {
            w.put(p + ".addressType", vpx ? "vpx" : "generated").put(p + ".generatedAddress", mac);
            if (!vpx) {
                w.put(p + ".generatedAddressOffset", "0");
            }
        } else {
            w.put(p + ".addressType", "static").put(p + ".address", mac);
        }
        if (check != null) {
            w.put(p + ".checkMACAddress", check);
        }
    }
}
