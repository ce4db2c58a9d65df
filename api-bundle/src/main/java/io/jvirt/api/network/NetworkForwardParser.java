package io.jvirt.api.network;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.domain.IpAddressText;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.PciAddressXml;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.network.NetworkDef.ForwardInterface;
import io.jvirt.api.network.NetworkDef.ForwardMode;
import io.jvirt.api.network.NetworkDef.PciAddress;

/** virNetworkForwardDefParseXML and virNetworkForwardNatDefParseXML. */
final class NetworkForwardParser {

    private final String network;

    NetworkForwardParser(String network) {
        this.network = network;
    }

    NetworkDef.Forward forward(XmlElement node) {
        String modeText = node.attributes().get("mode");
        ForwardMode mode;
        if (modeText == null || modeText.isEmpty()) {
            mode = ForwardMode.NAT;
        } else {
            mode = ForwardMode.fromXml(modeText);
            if (mode == null) {
                throw NetworkErrors.unsupported("unknown forwarding type '" + modeText + "'");
            }
        }
        String managed = node.attributes().get("managed");
        boolean isManaged = managed != null && managed.equalsIgnoreCase("yes");
        // libvirt 10's virDeviceHostdevPCIDriverInfoParseXML: name kvm/vfio/xen ("default" is no value), model
        XmlElement driver = NetworkParser.child(node, "driver");
        String driverName = NetworkParser.attr(driver, "name");
        if (driverName != null && !"kvm".equals(driverName) && !"vfio".equals(driverName)
                && !"xen".equals(driverName)) {
            throw NetworkErrors.invalidAttr(driver, "name", driverName);
        }
        String driverModel = NetworkParser.attr(driver, "model");
        List<XmlElement> ifNodes = NetworkParser.all(node, "interface");
        List<XmlElement> addrNodes = NetworkParser.all(node, "address");
        List<XmlElement> pfNodes = NetworkParser.all(node, "pf");
        List<XmlElement> natNodes = NetworkParser.all(node, "nat");
        Nat nat = new Nat(null, null, null, 0, 0);
        if (natNodes.size() > 1) {
            throw NetworkErrors.xml("Only one <nat> element is allowed in <forward> of network " + network);
        } else if (natNodes.size() == 1) {
            nat = nat(natNodes.get(0), mode);
        }
        String dev = node.attributes().get("dev");
        if (dev != null && dev.isEmpty()) {
            dev = null;
        }
        if (dev != null && (!addrNodes.isEmpty() || !pfNodes.isEmpty())) {
            // libvirt's format string has a %s for the network that it never fills
            throw NetworkErrors.xml("the <forward> 'dev' attribute cannot be used when <address> or <pf> "
                + "sub-elements are present in network %s");
        }
        List<ForwardInterface> ifs = new ArrayList<>();
        String pf = null;
        if (!ifNodes.isEmpty() || dev != null) {
            if (dev != null) {
                ifs.add(new ForwardInterface(dev, null));
            }
            for (int i = 0; i < ifNodes.size(); i++) {
                String devi = ifNodes.get(i).attributes().get("dev");
                if (devi == null) {
                    throw NetworkErrors.xml("Missing required dev attribute in <forward> <interface> element of network "
                        + network);
                }
                if (i == 0 && dev != null) {
                    if (!devi.equals(dev)) {
                        throw NetworkErrors.xml("<forward dev='" + dev + "'> must match first <interface dev='" + devi
                            + "'/> in network " + network);
                    }
                    continue;
                }
                // libvirt compares with the first i entries of its array (the listed ones so far)
                for (int j = 0; j < Math.min(i, ifs.size()); j++) {
                    if (devi.equals(ifs.get(j).dev())) {
                        throw NetworkErrors.xml("interface '" + devi + "' can only be listed once in network " + network);
                    }
                }
                ifs.add(new ForwardInterface(devi, null));
            }
        } else if (!addrNodes.isEmpty()) {
            for (XmlElement a : addrNodes) {
                String type = a.attributes().get("type");
                if (type == null) {
                    throw NetworkErrors.xml("missing address type in network " + network);
                }
                if (!"pci".equals(type) && !"netdev".equals(type)) {
                    throw NetworkErrors.unsupported("unknown address type '" + type + "' in network " + network);
                }
                if (!"pci".equals(type)) {
                    throw NetworkErrors.xml("unsupported address type '" + type + "' in network " + network);
                }
                PciAddress pci = pci(a);
                for (ForwardInterface f : ifs) {
                    if (pci.equals(f.pci())) {
                        throw NetworkErrors.xml(String.format("PCI device '%04x:%02x:%02x.%x' can only be listed once "
                            + "in network %s", pci.domain(), pci.bus(), pci.slot(), pci.function(), network));
                    }
                }
                ifs.add(new ForwardInterface(null, pci));
            }
        } else if (pfNodes.size() > 1) {
            throw NetworkErrors.xml("Only one <pf> element is allowed in <forward> of network " + network);
        } else if (pfNodes.size() == 1) {
            pf = pfNodes.get(0).attributes().get("dev");
            if (pf == null) {
                throw NetworkErrors.xml("Missing required dev attribute in <pf> element of network '" + network + "'");
            }
        }
        return new NetworkDef.Forward(mode, isManaged, driverName, driverModel, nat.ipv6, nat.start, nat.end, nat.portStart,
            nat.portEnd, pf, ifs);
    }

    private record Nat(Boolean ipv6, String start, String end, long portStart, long portEnd) {
    }

    private Nat nat(XmlElement node, ForwardMode mode) {
        if (mode != ForwardMode.NAT) {
            throw NetworkErrors.xml("The <nat> element can only be used when <forward> 'mode' is 'nat' in network "
                + network);
        }
        Boolean ipv6 = NetworkErrors.tristate(node, "ipv6");
        List<XmlElement> addrs = NetworkParser.all(node, "address");
        String start = null;
        String end = null;
        if (addrs.size() > 1) {
            throw NetworkErrors.xml("Only one <address> element is allowed in <nat> in <forward> in network " + network);
        } else if (addrs.size() == 1) {
            start = addrs.get(0).attributes().get("start");
            if (start == null) {
                throw NetworkErrors.xml("missing 'start' attribute in <address> element in <nat> in <forward> in network "
                    + network);
            }
            end = addrs.get(0).attributes().get("end");
            if (end == null) {
                throw NetworkErrors.xml("missing 'end' attribute in <address> element in <nat> in <forward> in network "
                    + network);
            }
        }
        IpAddressText.Address s = null;
        IpAddressText.Address e = null;
        if (start != null) {
            s = IpAddressText.parse(start, IpAddressText.Family.IPV4);
            if (s == null) {
                throw NetworkErrors.xml("Bad ipv4 start address '" + start + "' in <nat> in <forward> in network '"
                    + network + "'");
            }
            e = IpAddressText.parse(end, IpAddressText.Family.IPV4);
            if (e == null) {
                throw NetworkErrors.xml("Bad ipv4 end address '" + end + "' in <nat> in <forward> in network '"
                    + network + "'");
            }
            NetworkAddresses.checkRange(s, e, null, 0);
        }
        List<XmlElement> ports = NetworkParser.all(node, "port");
        long portStart = 0;
        long portEnd = 0;
        if (ports.size() > 1) {
            throw NetworkErrors.xml("Only one <port> element is allowed in <nat> in <forward> in network " + network);
        } else if (ports.size() == 1) {
            Long ps = xpathUInt(ports.get(0), "start");
            if (ps == null || ps > 65535) {
                throw NetworkErrors.detail("Missing or invalid 'start' attribute in <port> in <nat> in <forward> in "
                    + "network " + network);
            }
            Long pe = xpathUInt(ports.get(0), "end");
            if (pe == null || pe > 65535 || pe < ps) {
                throw NetworkErrors.detail("Missing or invalid 'end' attribute in <port> in <nat> in <forward> in "
                    + "network " + network);
            }
            portStart = ps;
            portEnd = pe;
        }
        return new Nat(ipv6, s == null ? null : s.format(), e == null ? null : e.format(), portStart, portEnd);
    }

    /** virXPathUInt of an attribute: null when absent, empty or not a number. */
    private static Long xpathUInt(XmlElement e, String attr) {
        String v = e.attributes().get(attr);
        return v == null || v.isEmpty() ? null : LibvirtNumbers.ui(v);
    }

    /** virPCIDeviceAddressParseXML. */
    private static PciAddress pci(XmlElement a) {
        PciAddressXml p = PciAddressXml.read(a);
        return new PciAddress(p.domain(), p.bus(), p.slot(), p.function());
    }
}
