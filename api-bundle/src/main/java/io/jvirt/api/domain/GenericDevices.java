package io.jvirt.api.domain;

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
            case "smartcard", "redirdev" -> checkUnixSource(e, e.attributes().get("type"));
            default -> {
                // nothing generic to check
            }
        }
        return d;
    }

    /** A unix character backend needs a socket path (libvirt's chardev source check). */
    private static void checkUnixSource(XmlElement holder, String type) {
        if (!"unix".equals(type)) {
            return;
        }
        XmlElement source = first(holder, "source");
        if (source == null || source.attributes().get("path") == null) {
            throw ParseContext.xmlError("Missing source path attribute for char device");
        }
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
