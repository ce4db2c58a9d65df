package io.jvirt.driver.esx;

import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.driver.esx.DomainToVmx.VmxWriter;

/** The ethernetN lines of a VMX file (libvirt's {@code virVMXFormatEthernet}). */
final class VmxWriterNics {

    private VmxWriterNics() {
    }

    static void ethernet(InterfaceDef nic, int n, VmxWriter w) {
        String p = "ethernet" + n;
        w.put(p + ".present", "true");
        String model = nic.model();
        if (model != null) {
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
            case "vds" -> {
                var a = nic.sourceAttrs();
                String hex = a.getOrDefault("switchid", "").replace("-", "");
                StringBuilder sw = new StringBuilder();
                for (int i = 0; i + 1 < hex.length(); i += 2) {
                    sw.append(i == 0 ? "" : i == 16 ? "-" : " ").append(hex, i, i + 2);
                }
                w.put(p + ".dvs.switchId", sw.toString()).put(p + ".dvs.portId", a.get("portid"))
                    .put(p + ".dvs.portgroupId", a.get("portgroupid")).put(p + ".dvs.connectionId", a.get("connectionid"));
            }
            default -> throw VmxParser.error("Unsupported net type '" + nic.type() + "'");
        }
        mac(nic.mac(), p, w);
    }

    /**
     * VMware's MAC ranges pick the address type: 00:0c:29 generated; 00:50:56:00-3f static;
     * 00:50:56:80-bf vCenter's ("vpx"); anything else static without the MAC check.
     */
    private static void mac(String mac, String p, VmxWriter w) {
        String m = mac.toLowerCase(java.util.Locale.ROOT);
        if (m.startsWith("00:0c:29:")) {
            w.put(p + ".addressType", "generated").put(p + ".generatedAddress", m)
                .put(p + ".generatedAddressOffset", "0");
            return;
        }
        if (m.startsWith("00:50:56:")) {
            int b = Integer.parseInt(m.substring(9, 11), 16);
            if (b <= 0x3f) {
                w.put(p + ".addressType", "static").put(p + ".address", m);
                return;
            }
            if (b >= 0x80 && b <= 0xbf) {
                w.put(p + ".addressType", "vpx").put(p + ".generatedAddress", m);
                return;
            }
        }
        w.put(p + ".addressType", "static").put(p + ".address", m).put(p + ".checkMACAddress", "false");
    }
}
