package io.jvirt.driver.bhyve;

import java.util.Locale;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.XmlElement;

/**
 * A device's PCI address as libvirt keeps it (virPCIDeviceAddress), read from and written to the
 * model's {@code <address type='pci' .../>} element.
 */
record PciAddress(int domain, int bus, int slot, int function) {

    /** The device's PCI address, or null when it has none or another kind of address. */
    static PciAddress of(DeviceDef device) {
        XmlElement a = device.address();
        if (a == null || !"pci".equals(a.attributes().get("type"))) {
            return null;
        }
        return new PciAddress(number(a, "domain"), number(a, "bus"), number(a, "slot"), number(a, "function"));
    }

    /** Whether the device still wants a PCI address (virDeviceInfoPCIAddressIsWanted). */
    static boolean wanted(DeviceDef device) {
        if (device.address() == null) {
            return true;
        }
        PciAddress a = of(device);
        return a != null && a.isEmpty();
    }

    boolean isEmpty() {
        return domain == 0 && bus == 0 && slot == 0 && function == 0;
    }

    void assignTo(DeviceDef device) {
        XmlElement a = new XmlElement("address");
        a.attr("type", "pci");
        a.attr("domain", String.format(Locale.ROOT, "0x%04x", domain));
        a.attr("bus", String.format(Locale.ROOT, "0x%02x", bus));
        a.attr("slot", String.format(Locale.ROOT, "0x%02x", slot));
        a.attr("function", String.format(Locale.ROOT, "0x%x", function));
        device.address(a);
    }

    /** libvirt's rendering in messages: 0000:00:03.0. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04x:%02x:%02x.%d", domain, bus, slot, function);
    }

    private static int number(XmlElement a, String name) {
        String v = a.attributes().get(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            String t = v.trim();
            long n = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.decode(t);
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new NumberFormatException(v);
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                "Cannot parse <address> '" + name + "' attribute");
        }
    }
}
