package io.jvirt.api.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
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
        checkCounts(def);
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

    /** The devices libvirt's parser allows once (or twice), with its codes and words. */
    private static void checkCounts(DomainDef def) {
        Map<String, Integer> n = new HashMap<>();
        for (DeviceDef d : def.devices()) {
            n.merge(d.kind(), 1, Integer::sum);
        }
        atMostOne(n, "watchdog", ErrorCode.INTERNAL_ERROR, "only a single watchdog device is supported");
        atMostOne(n, "memballoon", ErrorCode.INTERNAL_ERROR, "only a single memory balloon device is supported");
        if (n.getOrDefault("tpm", 0) > 2) {
            throw xmlError("a maximum of two TPM devices is supported, one of them being a TPM Proxy device");
        }
        atMostOne(n, "nvram", ErrorCode.INTERNAL_ERROR, "only a single nvram device is supported");
        atMostOne(n, "redirfilter", ErrorCode.INTERNAL_ERROR, "only one set of redirection filter rule is supported");
        atMostOne(n, "iommu", ErrorCode.XML_ERROR, "only a single IOMMU device is supported");
        atMostOne(n, "vsock", ErrorCode.XML_ERROR, "only a single vsock device is supported");
    }

    private static void atMostOne(Map<String, Integer> counts, String kind, ErrorCode code, String words) {
        if (counts.getOrDefault(kind, 0) > 1) {
            throw new VirtException(code, ErrorDomain.DOMAIN, words);
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
