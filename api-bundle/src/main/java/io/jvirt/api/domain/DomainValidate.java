package io.jvirt.api.domain;

import java.util.HashSet;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * libvirt's driver-independent device validation ({@code domain_validate.c}) and the implicit
 * devices of its generic post-parse that need nothing from a driver: run after the defaults, on
 * every parsed or built definition.
 */
final class DomainValidate {

    private DomainValidate() {
    }

    static void apply(DomainDef def) {
        addSmartcardControllers(def);
        Set<String> audioIds = new HashSet<>();
        for (DeviceDef d : def.devices()) {
            if (d instanceof GenericDeviceDef g && "audio".equals(g.kind()) && g.element().attributes().get("id") != null) {
                audioIds.add(g.element().attributes().get("id").strip());
            }
        }
        for (DeviceDef d : def.devices()) {
            device(d, audioIds);
        }
    }

    /**
     * The checks of one device ({@code virDomainDeviceDefValidate}'s generic part).
     *
     * @param audioIds the ids of the domain's audio devices, or null for a device parsed alone
     */
    static void device(DeviceDef d, Set<String> audioIds) {
        if (d instanceof CharDeviceDef c) {
            CharDeviceXml.validate(c);
        } else if (d instanceof GraphicsDef g) {
            GraphicsXml.validate(g, audioIds);
        }
    }

    /**
     * libvirt's virDomainDefMaybeAddSmartcardController: a smartcard without an address gets the
     * next slot of ccid controller 0, and each ccid controller a smartcard uses is added when missing.
     */
    private static void addSmartcardControllers(DomainDef def) {
        for (DeviceDef d : def.devices().toArray(new DeviceDef[0])) {
            if (!(d instanceof GenericDeviceDef card) || !"smartcard".equals(card.kind())) {
                continue;
            }
            int controller = 0;
            XmlElement address = GenericDevices.first(card.element(), "address");
            if (address == null) {
                int max = -1;
                for (DeviceDef o : def.devices()) {
                    XmlElement a = o instanceof GenericDeviceDef g && "smartcard".equals(g.kind())
                        ? GenericDevices.first(g.element(), "address") : null;
                    if (a != null && "ccid".equals(a.attributes().get("type"))
                        && "0".equals(a.attributes().get("controller")) && a.attributes().get("slot") != null) {
                        max = Math.max(max, ParseContext.uint(a.attributes().get("slot"), "address@slot"));
                    }
                }
                // device info comes after the backend: the address is the smartcard's last child
                card.element().add(new XmlElement("address").attr("type", "ccid").attr("controller", "0")
                    .attr("slot", Integer.toString(max + 1)).consumeAll());
            } else if ("ccid".equals(address.attributes().get("type")) && address.attributes().get("controller") != null) {
                controller = ParseContext.uint(address.attributes().get("controller"), "address@controller");
            }
            final int idx = controller;
            if (def.controllers().stream().noneMatch(c -> "ccid".equals(c.type()) && c.index() == idx)) {
                def.devices().add(new ControllerDef().type("ccid").index(idx));
            }
        }
    }

    static VirtException xmlError(String msg) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, msg);
    }
}
