package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;

import java.util.List;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** Parses and formats {@code <disk>}. */
final class DiskXml {

    private static final Set<String> TYPES = Set.of("file", "block", "dir", "network", "volume", "nvme",
        "vhostuser", "vhostvdpa");
    private static final Set<String> DEVICES = Set.of("disk", "cdrom", "floppy", "lun");
    /** What virDomainDiskDefDriverParseXML and virDomainVirtioOptionsParseXML read on {@code <driver>}. */
    private static final Set<String> DRIVER_ATTRS = Set.of("cache", "copy_on_read", "detect_zeroes", "discard",
        "error_policy", "event_idx", "io", "ioeventfd", "iothread", "queue_size", "queues", "rerror_policy", "iommu",
        "ats", "packed", "page_per_vq", "discard_no_unref");
    /** What libvirt's storage-source parsers read on a disk's {@code <source>} (file, block, dir, network, volume, nvme, vhostuser). */
    private static final Set<String> SOURCE_ATTRS = Set.of("fdgroup", "query", "tls", "tlsHostname", "type",
        "managed", "namespace", "index", "path");
    /** Known disk sub-elements kept as parsed, written at libvirt's position. */
    private static final Set<String> KEPT = Set.of("auth", "geometry", "blockio", "mirror", "iotune",
        "transient", "encryption", "throttlefilters", "backenddomain");
    private static final Set<String> SOURCE_TYPED = Set.of("file", "dev", "dir", "protocol", "name", "pool",
        "volume", "mode", "startupPolicy");

    private DiskXml() {
    }

    static DiskDef parse(XmlElement e) {
        DiskDef d = new DiskDef();
        String type = e.get("type");
        if (type != null) {
            if (!TYPES.contains(type)) {
                throw ParseContext.xmlError("unknown disk type '" + type + "'");
            }
            d.type(type);
        }
        String device = e.get("device");
        if (device != null) {
            if (!DEVICES.contains(device)) {
                throw ParseContext.xmlError("unknown disk device '" + device + "'");
            }
            d.device(device);
        }
        d.model(e.get("model"));
        d.snapshot(e.get("snapshot"));
        d.sgio(e.get("sgio"));
        d.rawio(e.get("rawio"));
        XmlElement driver = e.child("driver");
        if (driver != null) {
            d.driverName(driver.get("name"));
            d.driverType(driver.get("type"));
            DevicesXml.knownAttrs(driver, d.driverAttrs(), DRIVER_ATTRS);
            for (XmlElement c : driver.children()) {
                d.driverChildren().add(c.consumeAll());
            }
        }
        XmlElement source = e.child("source");
        if (source != null) {
            d.hasSource(true);
            d.sourcePath(switch (d.type()) {
                case "file" -> source.get("file");
                case "block" -> source.get("dev");
                case "dir" -> source.get("dir");
                default -> null;
            });
            d.sourceProtocol(source.get("protocol"));
            d.sourceName(source.get("name"));
            d.sourcePool(source.get("pool"));
            d.sourceVolume(source.get("volume"));
            d.sourceMode(source.get("mode"));
            d.startupPolicy(ParseContext.oneOf(source, "startupPolicy", "mandatory", "requisite", "optional"));
            if ("network".equals(d.type()) && d.sourceProtocol() == null) {
                throw ParseContext.xmlError("missing network source protocol type");
            }
            DevicesXml.knownAttrs(source, d.sourceAttrs(), SOURCE_ATTRS);
            for (XmlElement c : source.children()) {
                d.sourceChildren().add(c.consumeAll());
            }
        }
        XmlElement backing = e.child("backingStore");
        if (backing != null) {
            d.backingStore(backing.consumeAll());
        }
        XmlElement target = e.child("target");
        String dev = target == null ? null : target.get("dev");
        if (dev == null || dev.isEmpty()) {
            // libvirt says NO_TARGET; the API promises XML_ERROR for every invalid document
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "missing target information for device "
                + (d.sourcePath() == null ? "disk" : d.sourcePath()) + " (element 'disk' at line " + e.line() + ")");
        }
        d.targetDev(dev);
        d.targetBus(target.get("bus"));
        DevicesXml.knownAttrs(target, d.targetAttrs(), Set.of("tray", "removable", "rotation_rate"));
        d.readonly(e.child("readonly") != null);
        d.shareable(e.child("shareable") != null);
        d.serial(e.childText("serial"));
        d.wwn(e.childText("wwn"));
        d.vendor(e.childText("vendor"));
        d.product(e.childText("product"));
        DevicesXml.keep(e, d.kept(), KEPT);
        return d;
    }

    static void format(XmlOut out, DiskDef d) {
        out.open(2, "disk").attr("type", d.type()).attr("device", d.device()).attr("model", d.model())
            .attr("rawio", d.rawio()).attr("sgio", d.sgio()).attr("snapshot", d.snapshot()).body();
        if (d.driverName() != null || d.driverType() != null || !d.driverAttrs().isEmpty()
            || !d.driverChildren().isEmpty()) {
            out.open(3, "driver").attr("name", d.driverName()).attr("type", d.driverType());
            DevicesXml.writeAttrs(out, d.driverAttrs());
            XmlOut body = out.child();
            body.elements(d.driverChildren(), 4);
            out.body(3, "driver", body);
        }
        out.elements(d.kept(), "auth", 3);
        if (d.hasSource()) {
            out.open(3, "source");
            switch (d.type()) {
                case "file" -> out.attr("file", d.sourcePath());
                case "block" -> out.attr("dev", d.sourcePath());
                case "dir" -> out.attr("dir", d.sourcePath());
                default -> {
                    // network and volume sources are described by the attributes below
                }
            }
            out.attr("protocol", d.sourceProtocol()).attr("name", d.sourceName()).attr("pool", d.sourcePool())
                .attr("volume", d.sourceVolume()).attr("mode", d.sourceMode());
            DevicesXml.writeAttrs(out, d.sourceAttrs());
            out.attr("startupPolicy", d.startupPolicy());
            XmlOut body = out.child();
            body.elements(d.sourceChildren(), 4);
            out.body(3, "source", body);
        }
        out.elements(d.kept(), "backenddomain", 3);
        if (d.backingStore() != null) {
            out.element(d.backingStore(), 3);
        }
        out.elements(d.kept(), "geometry", 3);
        out.elements(d.kept(), "blockio", 3);
        out.elements(d.kept(), "mirror", 3);
        out.open(3, "target").attr("dev", d.targetDev()).attr("bus", d.targetBus());
        DevicesXml.writeAttrs(out, d.targetAttrs());
        out.end();
        out.elements(d.kept(), "iotune", 3);
        out.elements(d.kept(), "throttlefilters", 3);
        if (d.readonly()) {
            out.open(3, "readonly").end();
        }
        if (d.shareable()) {
            out.open(3, "shareable").end();
        }
        out.elements(d.kept(), "transient", 3);
        out.leaf(3, "serial", d.serial());
        out.leaf(3, "wwn", d.wwn());
        out.leaf(3, "vendor", d.vendor());
        out.leaf(3, "product", d.product());
        out.elements(d.kept(), "encryption", 3);
        DevicesXml.formatInfo(out, d, 3);
        out.close(2, "disk");
    }

    static boolean hasKept(List<XmlElement> kept, String name) {
        return kept.stream().anyMatch(k -> k.name().equals(name));
    }
}
