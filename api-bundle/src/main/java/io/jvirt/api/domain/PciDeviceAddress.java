package io.jvirt.api.domain;

/**
 * A device's {@code <address type='pci'>} as libvirt reads and writes it
 * (virPCIDeviceAddressParseXML, virPCIDeviceAddressIsValid, virDomainDeviceInfoFormat): the four
 * numbers in any base C's strtoul takes, range-checked unless the address is empty, written back as
 * {@code domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%d'} (nothing of them for an empty
 * address: domain, bus and slot all 0), then {@code multifunction}. Any {@code <zpci>} child is kept.
 */
final class PciDeviceAddress {

    private PciDeviceAddress() {
    }

    /** The canonical element for a PCI address; any other address type is returned as it is. */
    static XmlElement canonical(XmlElement a) {
        if (!"pci".equals(a.attributes().get("type"))) {
            return a;
        }
        PciAddressXml p = PciAddressXml.read(a);
        boolean empty = p.isEmpty();
        XmlElement out = new XmlElement(a.name()).attr("type", "pci");
        if (!empty) {
            out.attr("domain", String.format("0x%04x", p.domain())).attr("bus", String.format("0x%02x", p.bus()))
                .attr("slot", String.format("0x%02x", p.slot())).attr("function", "0x" + p.function());
        }
        if (p.multifunction() != null) {
            out.attr("multifunction", p.multifunction());
        }
        for (XmlElement c : a.children()) {
            out.add(c);
        }
        return out;
    }
}
