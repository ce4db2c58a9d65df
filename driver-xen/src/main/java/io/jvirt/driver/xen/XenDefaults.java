package io.jvirt.driver.xen;

import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.FeaturesDef;
import io.jvirt.api.domain.InputDef;
import io.jvirt.api.domain.MacAddress;
import io.jvirt.api.domain.MemballoonDef;

/**
 * libxl's parse defaults (libxl_domain.c: libxlDomainDefPostParse, libxlDomainDefParserConfig):
 * the implicit mouse and keyboard (PS/2 for HVM, Xen's for PV: xenDomainDefAddImplicitInputDevice),
 * the Xen balloon, the xenbus controller, PAE always on for x86_64 HVM, and Xen's MAC prefix.
 */
final class XenDefaults implements DomainDefDefaults {

    static final XenDefaults INSTANCE = new XenDefaults();

    /** libxl's hvmloader, the HVM loader of libvirt's Xen capabilities. */
    static final String HVMLOADER = "/usr/lib/xen/boot/hvmloader";
    /** LIBXL_FIRMWARE_DIR as libvirt's tests name it (replaced in their data files). */
    static final String FIRMWARE_DIR = "/usr/lib/xen/boot";
    /** libxl's XML namespace for device_model_args. */
    static final String XEN_NS = "http://libvirt.org/schemas/domain/xen/1.0";

    private XenDefaults() {
    }

    @Override
    public void apply(DomainDef def) {
        String bus = "hvm".equals(def.osType()) ? "ps2" : "xen";
        maybeAddInput(def, "mouse", bus);
        maybeAddInput(def, "keyboard", bus);
        if ("hvm".equals(def.osType()) && "x86_64".equals(def.arch())) {
            if (def.features() == null) {
                def.features(new FeaturesDef());
            }
            def.features().enable("pae");
        }
        if (def.devices(MemballoonDef.class).isEmpty()) {
            def.addDevice(new MemballoonDef().model("xen"));
        }
        if (def.controllers().stream().noneMatch(c -> "xenbus".equals(c.type()))) {
            def.addDevice(new ControllerDef().type("xenbus").index(0));
        }
    }

    private static void maybeAddInput(DomainDef def, String type, String bus) {
        if (def.devices(InputDef.class).stream().noneMatch(i -> type.equals(i.type()) && bus.equals(i.bus()))) {
            def.addDevice(new InputDef(type, bus));
        }
    }

    @Override
    public String generateMac() {
        // libxl's macPrefix 00:16:3e
        String random = MacAddress.generate();
        return "00:16:3e" + random.substring(8);
    }
}
