package io.jvirt.api.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

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
        long domain = part(a, "domain");
        long bus = part(a, "bus");
        long slot = part(a, "slot");
        long function = part(a, "function");
        String multi = a.attributes().get("multifunction");
        if (multi != null && !"on".equals(multi) && !"off".equals(multi) && !"default".equals(multi)) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
                "Invalid value for attribute 'multifunction' in element '" + a.name() + "': '" + multi + "'.");
        }
        boolean empty = domain == 0 && bus == 0 && slot == 0;
        if (!empty) {
            if (bus > 0xff) {
                throw invalidAddress("Invalid PCI address bus='0x" + Long.toHexString(bus) + "', must be <= 0xFF");
            }
            if (slot > 0x1f) {
                throw invalidAddress("Invalid PCI address slot='0x" + Long.toHexString(slot) + "', must be <= 0x1F");
            }
            if (function > 7) {
                throw invalidAddress("Invalid PCI address function=0x" + Long.toHexString(function) + ", must be <= 7");
            }
        }
        XmlElement out = new XmlElement(a.name()).attr("type", "pci");
        if (!empty) {
            out.attr("domain", String.format("0x%04x", domain)).attr("bus", String.format("0x%02x", bus))
                .attr("slot", String.format("0x%02x", slot)).attr("function", "0x" + function);
        }
        if ("on".equals(multi) || "off".equals(multi)) {
            out.attr("multifunction", multi);
        }
        for (XmlElement c : a.children()) {
            out.add(c);
        }
        return out;
    }

    private static long part(XmlElement a, String attr) {
        String v = a.attributes().get(attr);
        if (v == null) {
            return 0;
        }
        Long n = LibvirtNumbers.uipBase0(v);
        if (n == null || n > 0xffffffffL) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML, "Invalid value for attribute '" + attr
                + "' in element '" + a.name() + "': '" + v + "'. Expected non-negative integer value");
        }
        return n;
    }

    private static VirtException invalidAddress(String message) {
        // virPCIDeviceAddressIsValid is util code: no error domain (VIR_FROM_NONE)
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE, message);
    }
}
