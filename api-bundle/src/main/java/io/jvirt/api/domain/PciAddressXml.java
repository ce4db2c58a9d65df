package io.jvirt.api.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A PCI address element read as libvirt's virPCIDeviceAddressParseXML reads it, wherever one
 * appears (a domain's device, a hostdev network's forward list, a scsi_host pool adapter's parent):
 * domain, bus, slot and function in any base C's strtoul takes and within an unsigned int,
 * {@code multifunction} on or off, and the ranges checked unless the address is empty
 * (virPCIDeviceAddressIsEmpty: domain, bus and slot all 0; the function does not count).
 *
 * @param multifunction {@code on}, {@code off} or null when absent
 * @since 0.10.0
 */
public record PciAddressXml(long domain, long bus, long slot, long function, String multifunction) {

    /** Reads {@code a}'s attributes with libvirt's refusals; its type and children are the caller's. */
    public static PciAddressXml read(XmlElement a) {
        long domain = part(a, "domain");
        long bus = part(a, "bus");
        long slot = part(a, "slot");
        long function = part(a, "function");
        String multi = a.attributes().get("multifunction");
        // virXMLPropTristateSwitch is NONZERO: "default" (value 0) is refused like an unknown word
        if (multi != null && !"on".equals(multi) && !"off".equals(multi)) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
                "Invalid value for attribute 'multifunction' in element '" + a.name() + "': '" + multi + "'.");
        }
        PciAddressXml address = new PciAddressXml(domain, bus, slot, function, multi);
        if (!address.isEmpty()) {
            address.checkRanges();
        }
        return address;
    }

    /** virPCIDeviceAddressIsEmpty. */
    public boolean isEmpty() {
        return domain == 0 && bus == 0 && slot == 0;
    }

    /** virPCIDeviceAddressIsValid's range checks, in its order. */
    private void checkRanges() {
        if (bus > 0xff) {
            throw invalid("Invalid PCI address bus='0x" + Long.toHexString(bus) + "', must be <= 0xFF");
        }
        if (slot > 0x1f) {
            throw invalid("Invalid PCI address slot='0x" + Long.toHexString(slot) + "', must be <= 0x1F");
        }
        if (function > 7) {
            throw invalid("Invalid PCI address function=0x" + Long.toHexString(function) + ", must be <= 7");
        }
    }

    /** virXMLPropUInt with base 0. */
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

    private static VirtException invalid(String message) {
        // virPCIDeviceAddressIsValid is util code (virpci.c): no error domain (VIR_FROM_NONE)
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE, message);
    }
}
