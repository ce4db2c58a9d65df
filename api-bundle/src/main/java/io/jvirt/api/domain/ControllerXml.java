package io.jvirt.api.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.xml.XmlOut;

import java.util.Set;

/** Parses and formats {@code <controller>} and {@code <filesystem>}. */
final class ControllerXml {

    private static final Set<String> CONTROLLER_TYPES = Set.of("ide", "fdc", "scsi", "sata", "virtio-serial",
        "ccid", "usb", "pci", "xenbus", "isa");
    private static final Set<String> FS_TYPES = Set.of("mount", "block", "file", "template", "ram", "bind", "volume");

    private ControllerXml() {
    }

    static ControllerDef parseController(XmlElement e) {
        ControllerDef c = new ControllerDef();
        String type = e.get("type");
        if (type == null) {
            type = "ide"; // libvirt's default controller type
        }
        if (!CONTROLLER_TYPES.contains(type)) {
            throw ParseContext.xmlError("Unknown controller type '" + type + "'");
        }
        c.type(type);
        Integer index = ParseContext.uint(e, "index");
        c.index(index == null ? -1 : index);
        c.model(e.get("model"));
        // what virDomainControllerDefParseXML reads on the element besides type, index and model
        DevicesXml.knownAttrs(e, c.otherAttrs(), Set.of("ports", "vectors", "maxGrantFrames", "maxEventChannels"));
        // the numbers libvirt reads for this type (ports for every one): refused or written back as it reads them
        nonNegativeInt(e, c, "ports");
        if ("virtio-serial".equals(type)) {
            nonNegativeInt(e, c, "vectors");
        } else if ("xenbus".equals(type)) {
            nonNegativeInt(e, c, "maxGrantFrames");
            nonNegativeInt(e, c, "maxEventChannels");
        }
        XmlElement driver = e.child("driver");
        if (driver != null) {
            c.driver(driver.consumeAll());
        }
        DevicesXml.keep(e, c.children(), Set.of("model", "target", "pcihole64"));
        return c;
    }

    /**
     * virXMLPropInt(node, attr, 10, VIR_XML_PROP_NONNEGATIVE), in libvirt's words; the kept value
     * becomes the number read ('010' is 10), as libvirt writes it back with %d.
     */
    private static void nonNegativeInt(XmlElement e, ControllerDef c, String attr) {
        String v = c.otherAttrs().get(attr);
        if (v == null) {
            return;
        }
        int n = ParseContext.intAttr(e, attr, v);
        if (n < 0) {
            throw ParseContext.xmlError("Invalid value for attribute '" + attr + "' in element '" + e.name() + "': '" + v
                + "'. Expected non-negative value");
        }
        c.otherAttrs().put(attr, Integer.toString(n));
    }

    static void formatController(XmlOut out, ControllerDef c) {
        out.open(2, "controller").attr("type", c.type()).attr("index", c.index() < 0 ? null : c.index())
            .attr("model", c.model());
        DevicesXml.writeAttrs(out, c.otherAttrs());
        XmlOut body = out.child();
        body.elements(c.children(), "model", 3);
        body.elements(c.children(), "target", 3);
        if (c.driver() != null) {
            body.element(c.driver(), 3);
        }
        body.elements(c.children(), "pcihole64", 3);
        DevicesXml.formatInfo(body, c, 3);
        out.body(2, "controller", body);
    }

    static FilesystemDef parseFilesystem(XmlElement e) {
        FilesystemDef f = new FilesystemDef();
        String type = e.get("type");
        if (type != null) {
            if (!FS_TYPES.contains(type)) {
                throw ParseContext.xmlError("unknown filesystem type '" + type + "'");
            }
            f.type(type);
        }
        f.accessmode(ParseContext.oneOf(e, "accessmode", "passthrough", "mapped", "squash"));
        f.model(e.get("model"));
        f.multidevs(e.get("multidevs"));
        f.fmode(e.get("fmode"));
        f.dmode(e.get("dmode"));
        XmlElement driver = e.child("driver");
        if (driver != null) {
            f.driverType(driver.get("type"));
            f.driverFormat(driver.get("format"));
            DevicesXml.knownAttrs(driver, f.driverAttrs(), Set.of("wrpolicy", "name", "queue", "iommu", "ats", "packed",
                "page_per_vq"));
        }
        XmlElement source = e.child("source");
        if (source != null) {
            for (String a : new String[] {"dir", "file", "dev", "name", "socket"}) {
                if (f.source() == null && source.get(a) != null) {
                    f.source(source.get(a));
                    f.sourceAttribute(a.equals(sourceAttr(f.type())) ? null : a);
                }
            }
            String usage = source.get("usage");
            if (usage != null) {
                f.sourceUsageKiB(Units.toKiB(usage, source.get("units"), "filesystem/source@usage"));
            }
        }
        XmlElement target = e.child("target");
        String dir = target == null ? null : target.get("dir");
        if (f.source() == null && !"ram".equals(f.type()) && !"volume".equals(f.type())) {
            // virDomainFSDefParseXML: only RAM and volume filesystems go without a source (a socket counts as one)
            throw new VirtException(ErrorCode.NO_SOURCE, ErrorDomain.DOMAIN, dir);
        }
        if (dir == null) {
            throw ParseContext.xmlError("missing target information for device "
                + (f.source() == null ? "filesystem" : f.source()) + " (element 'filesystem' at line " + e.line() + ")");
        }
        f.target(dir);
        f.readonly(e.child("readonly") != null);
        f.spaceHardLimitKiB(Units.elementKiB(e.child("space_hard_limit")));
        f.spaceSoftLimitKiB(Units.elementKiB(e.child("space_soft_limit")));
        DevicesXml.keep(e, f.children(), Set.of("binary", "idmap"));
        return f;
    }

    /** The source attribute libvirt uses for each filesystem type. */
    private static String sourceAttr(String type) {
        return switch (type) {
            case "block" -> "dev";
            case "file" -> "file";
            case "template", "volume" -> "name";
            default -> "dir";
        };
    }

    static void formatFilesystem(XmlOut out, FilesystemDef f) {
        out.open(2, "filesystem").attr("type", f.type()).attr("accessmode", f.accessmode()).attr("model", f.model())
            .attr("multidevs", f.multidevs()).attr("fmode", f.fmode()).attr("dmode", f.dmode()).body();
        if (f.driverType() != null || f.driverFormat() != null || !f.driverAttrs().isEmpty()) {
            out.open(3, "driver").attr("type", f.driverType()).attr("format", f.driverFormat());
            DevicesXml.writeAttrs(out, f.driverAttrs());
            out.end();
        }
        out.elements(f.children(), "binary", 3);
        out.elements(f.children(), "idmap", 3);
        if (f.source() != null || f.sourceUsageKiB() != null) {
            out.open(3, "source");
            if ("ram".equals(f.type())) {
                out.attr("usage", f.sourceUsageKiB()).attr("units", f.sourceUsageKiB() == null ? null : "KiB");
            } else {
                out.attr(f.sourceAttribute() == null ? sourceAttr(f.type()) : f.sourceAttribute(), f.source());
            }
            out.end();
        }
        out.open(3, "target").attr("dir", f.target()).end();
        if (f.readonly()) {
            out.open(3, "readonly").end();
        }
        if (f.spaceHardLimitKiB() != null) {
            out.open(3, "space_hard_limit").attr("unit", "KiB").text("space_hard_limit", f.spaceHardLimitKiB().toString());
        }
        if (f.spaceSoftLimitKiB() != null) {
            out.open(3, "space_soft_limit").attr("unit", "KiB").text("space_soft_limit", f.spaceSoftLimitKiB().toString());
        }
        DevicesXml.formatInfo(out, f, 3);
        out.close(2, "filesystem");
    }
}
