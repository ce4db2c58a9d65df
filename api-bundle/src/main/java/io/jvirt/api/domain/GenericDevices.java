package io.jvirt.api.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Devices kept as parsed (smartcard, redirdev, shmem, memory, iommu, vsock, ...): the element is re-emitted as written, after the generic checks
 * libvirt applies to the character-device backends some of them embed.
 */
final class GenericDevices {

    private GenericDevices() {
    }

    static GenericDeviceDef parse(XmlElement e) {
        GenericDeviceDef d = new GenericDeviceDef(e.consumeAll());
        XmlElement boot = first(e, "boot");
        if (boot != null) {
            String order = boot.attributes().get("order");
            if (order != null) {
                d.bootOrder(ParseContext.uint(order, e.name() + "/boot@order"));
            }
        }
        switch (e.name()) {
            case "smartcard" -> smartcard(d.element());
            case "redirdev" -> redirdev(d.element());
            default -> {
                // nothing generic to check
            }
        }
        return d;
    }

    /**
     * libvirt's virDomainSmartcardDefParseXML for the embedded character backend of a
     * passthrough smartcard: the type is required and the source is read as libvirt reads it.
     */
    private static void smartcard(XmlElement e) {
        String mode = e.attributes().get("mode");
        if (mode == null) {
            throw ParseContext.missingAttr(e, "mode");
        }
        if (!java.util.Set.of("host", "host-certificates", "passthrough").contains(mode)) {
            throw ParseContext.invalidAttr(e, "mode", mode);
        }
        if (!"passthrough".equals(mode)) {
            return;
        }
        String type = e.attributes().get("type");
        if (type == null) {
            throw ParseContext.xmlError("passthrough mode requires a character device type attribute");
        }
        CharSourceXml.validate(type, CharSourceXml.normalizeEmbedded(e, CharSourceXml.type(e)), false);
    }

    /** libvirt's virDomainRedirdevDefParseXML: bus usb, a character backend type, its source. */
    private static void redirdev(XmlElement e) {
        String bus = e.attributes().get("bus");
        if (bus != null && !"usb".equals(bus)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "unknown redirdev bus '" + bus + "'");
        }
        String type = e.attributes().get("type");
        if (type == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "missing type in redirdev");
        }
        if (!CharSourceXml.TYPES.contains(type)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "unknown redirdev character device type '" + type + "'");
        }
        // virDomainRedirdevDefParseXML: a dbus redirdev without a channel uses QEMU's usbredir one
        CharSourceXml.validate(type, CharSourceXml.normalizeEmbedded(e, type, "org.qemu.usbredir"), false);
    }

    static XmlElement first(XmlElement e, String name) {
        for (XmlElement c : e.children()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
