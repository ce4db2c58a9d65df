package io.jvirt.api.domain;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.xml.XmlOut;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Parses and formats the devices modelled by their main attributes ({@link BasicDeviceDef}):
 * input, video, memballoon, watchdog, rng, panic, sound, tpm and hostdev. Everything else in them
 * is kept as parsed; device info (boot, alias, address, ...) is read by {@link DevicesXml}.
 */
final class BasicDevicesXml {

    static final Set<String> KINDS = Set.of("input", "video", "memballoon", "watchdog", "rng", "panic", "sound",
        "tpm", "hostdev");

    /** Device-info elements {@link DevicesXml#parseInfo} reads. */
    private static final Set<String> INFO = Set.of("boot", "address", "alias", "rom", "acpi", "master");
    private static final String[] VIRTIO = {"virtio", "virtio-transitional", "virtio-non-transitional"};

    private BasicDevicesXml() {
    }

    static BasicDeviceDef parse(XmlElement e) {
        return switch (e.name()) {
            case "input" -> {
                InputDef d = new InputDef(required(e, "type", "input device type"), null);
                d.type(ParseContext.oneOf(e, "type", "mouse", "tablet", "keyboard", "passthrough", "evdev"));
                d.bus(ParseContext.oneOf(e, "bus", "ps2", "usb", "xen", "parallels", "virtio", "none"));
                d.model(ParseContext.oneOf(e, "model", VIRTIO));
                yield rest(e, d, Set.of());
            }
            case "video" -> parseVideo(e);
            case "memballoon" -> {
                required(e, "model", "memballoon model");
                MemballoonDef d = new MemballoonDef()
                    .model(ParseContext.oneOf(e, "model", "virtio", "xen", "none", VIRTIO[1], VIRTIO[2]))
                    .autodeflate(ParseContext.oneOf(e, "autodeflate", "on", "off"))
                    .freePageReporting(ParseContext.oneOf(e, "freePageReporting", "on", "off"));
                XmlElement stats = e.child("stats");
                String period = stats == null ? null : stats.get("period");
                if (period != null) {
                    // virDomainMemballoonDefParseXML: an int, a negative one taken as 0; 0 means no polling and is not written
                    int p = ParseContext.intAttr(stats, "period", period);
                    d.statsPeriod(p > 0 ? p : null);
                }
                yield rest(e, d, Set.of("stats"));
            }
            case "watchdog" -> {
                required(e, "model", "watchdog model");
                WatchdogDef d = new WatchdogDef()
                    .model(ParseContext.oneOf(e, "model", "i6300esb", "ib700", "diag288", "itco"))
                    .action(ParseContext.oneOf(e, "action", "reset", "shutdown", "poweroff", "pause", "dump", "none",
                        "inject-nmi"));
                yield rest(e, d, Set.of());
            }
            case "rng" -> parseRng(e);
            case "panic" -> rest(e, new PanicDef().model(ParseContext.oneOf(e, "model", "default", "isa", "pseries",
                "hyperv", "s390", "pvpanic")), Set.of());
            case "sound" -> {
                required(e, "model", "sound model");
                yield rest(e, new SoundDef().model(ParseContext.oneOf(e, "model", "sb16", "es1370", "pcspk", "ac97",
                    "ich6", "ich9", "usb", "ich7", "virtio")), Set.of());
            }
            case "tpm" -> parseTpm(e);
            case "hostdev" -> parseHostdev(e);
            default -> throw new IllegalArgumentException(e.name());
        };
    }

    private static VideoDef parseVideo(XmlElement e) {
        VideoDef d = new VideoDef();
        XmlElement model = e.child("model");
        if (model != null) {
            d.modelType(ParseContext.oneOf(model, "type", "default", "vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "parallels",
                "virtio", "gop", "none", "bochs", "ramfb"));
            d.ram(ParseContext.uint(model, "ram"));
            d.vram(ParseContext.uint(model, "vram"));
            d.vram64(ParseContext.uint(model, "vram64"));
            d.vgamem(ParseContext.uint(model, "vgamem"));
            d.heads(ParseContext.uint(model, "heads"));
            String primary = ParseContext.oneOf(model, "primary", "yes", "no");
            d.primary(primary == null ? null : "yes".equals(primary));
            DevicesXml.knownAttrs(model, d.modelAttrs(), Set.of("blob")); // blob: libvirt 9.2
            for (XmlElement c : model.children()) {
                if (c.namespaceUri() == null && (c.name().equals("acceleration") || c.name().equals("resolution"))) {
                    d.modelChildren().add(c.consumeAll());
                }
            }
        }
        return rest(e, d, Set.of("model"));
    }

    private static RngDef parseRng(XmlElement e) {
        required(e, "model", "RNG device model");
        RngDef d = new RngDef().model(ParseContext.oneOf(e, "model", VIRTIO));
        XmlElement backend = e.child("backend");
        if (backend == null) {
            throw ParseContext.xmlError("missing RNG device backend");
        }
        required(backend, "model", "RNG device backend model");
        d.backendModel(ParseContext.oneOf(backend, "model", "random", "egd", "builtin"));
        if ("random".equals(d.backendModel())) {
            d.backendPath(backend.text());
        } else if ("egd".equals(d.backendModel())) {
            // libvirt's egd backend is a character device: its type, source and protocol as libvirt reads them
            String type = backend.get("type");
            if (type == null) {
                throw ParseContext.xmlError("missing EGD backend type");
            }
            if (!CharSourceXml.TYPES.contains(type)) {
                throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.CONFIG_UNSUPPORTED,
                    io.jvirt.api.ErrorDomain.DOMAIN, "unknown backend type '" + type + "' for egd");
            }
            d.backendAttrs().put("type", type);
            CharSourceXml.validate(type, CharSourceXml.normalizeEmbedded(backend, type), false);
            backend.children().forEach(XmlElement::consumeAll);
        }
        unread(backend, d.backendAttrs());
        for (XmlElement c : backend.children()) {
            d.backendChildren().add(c.consumeAll());
        }
        return rest(e, d, Set.of("backend"));
    }

    private static TpmDef parseTpm(XmlElement e) {
        TpmDef d = new TpmDef().model(ParseContext.oneOf(e, "model", "tpm-tis", "tpm-crb", "tpm-spapr",
            "spapr-tpm-proxy"));
        XmlElement backend = e.child("backend");
        if (backend == null) {
            throw ParseContext.xmlError("missing TPM device backend");
        }
        required(backend, "type", "TPM device backend type");
        d.backendType(ParseContext.oneOf(backend, "type", "passthrough", "emulator", "external"));
        d.backendVersion(ParseContext.oneOf(backend, "version", "1.2", "2.0"));
        unread(backend, d.backendAttrs());
        for (XmlElement c : backend.children()) {
            d.backendChildren().add(c.consumeAll());
        }
        return rest(e, d, Set.of("backend"));
    }

    private static HostdevDef parseHostdev(XmlElement e) {
        HostdevDef d = new HostdevDef().mode(ParseContext.oneOf(e, "mode", "subsystem", "capabilities"));
        required(e, "type", "hostdev type");
        d.type("capabilities".equals(d.mode()) ? ParseContext.oneOf(e, "type", "storage", "misc", "net")
            : ParseContext.oneOf(e, "type", "usb", "pci", "scsi", "scsi_host", "mdev"));
        String managed = ParseContext.oneOf(e, "managed", "yes", "no");
        d.managed(managed == null ? null : "yes".equals(managed));
        XmlElement source = e.child("source");
        if (source == null && !"capabilities".equals(d.mode())) {
            throw ParseContext.xmlError("Missing <source> element in hostdev device");
        }
        if (source != null) {
            boolean subsystem = !"capabilities".equals(d.mode());
            d.source(subsystem && "pci".equals(d.type()) ? pciSource(source)
                : subsystem && "usb".equals(d.type()) ? usbSource(source) : source.consumeAll());
        }
        return rest(e, d, Set.of("source"));
    }

    /**
     * A PCI host device's {@code <source>} as libvirt keeps it (virDomainHostdevSubsysPCIDefParseXML,
     * virDomainHostdevDefFormatSubsysPCI): writeFiltering yes or no, the host address read by
     * virPCIDeviceAddressParseXML and written back canonical, always (all zeros when absent); the
     * address's other parts (multifunction, zpci) are read and not kept, and anything else is left
     * unread. Converters reading the address (xen-xl's pci list) can rely on its form.
     */
    private static XmlElement pciSource(XmlElement source) {
        source.markConsumed();
        XmlElement out = new XmlElement(source.name());
        String filtering = source.get("writeFiltering");
        if (filtering != null) {
            if (!"yes".equals(filtering) && !"no".equals(filtering)) {
                throw xmlPropError("Invalid value for attribute 'writeFiltering' in element 'source': '" + filtering + "'.");
            }
            out.attr("writeFiltering", filtering);
        }
        XmlElement address = source.child("address");
        PciAddressXml a = address == null ? new PciAddressXml(0, 0, 0, 0, null) : PciAddressXml.read(address.consumeAll());
        out.add(new XmlElement("address").attr("domain", String.format("0x%04x", a.domain()))
            .attr("bus", String.format("0x%02x", a.bus())).attr("slot", String.format("0x%02x", a.slot()))
            .attr("function", "0x" + a.function()));
        return out;
    }

    /**
     * A USB host device's {@code <source>}: its attributes kept as parsed, its vendor, product and
     * address read as virDomainHostdevSubsysUSBDefParseXML reads them (virXMLPropUInt, any strtoul
     * base; a vendor id is required and not zero, each of vendor and product needs the other, an
     * address needs bus and device) and written as virDomainHostdevDefFormatSubsysUSB writes them:
     * {@code id='0x%.4x'}, {@code bus='%d' device='%d'}, no address when both are 0. Anything else
     * in the source is left unread.
     */
    private static XmlElement usbSource(XmlElement source) {
        source.markConsumed();
        XmlElement out = new XmlElement(source.name());
        for (Map.Entry<String, String> a : source.attributes().entrySet()) {
            out.attr(a.getKey(), source.get(a.getKey()));
        }
        XmlElement vendor = source.child("vendor");
        XmlElement product = source.child("product");
        long vendorId = 0;
        long productId = 0;
        if (vendor != null) {
            vendorId = base0UInt(vendor, "id");
            if (vendorId == 0) {
                throw xmlPropError("Invalid value for attribute 'id' in element 'vendor': Zero is not permitted");
            }
            if (product == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "missing product");
            }
        }
        if (product != null) {
            productId = base0UInt(product, "id");
            if (vendor == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "missing vendor");
            }
        }
        XmlElement address = source.child("address");
        long bus = address == null ? 0 : base0UInt(address, "bus");
        long device = address == null ? 0 : base0UInt(address, "device");
        if (vendorId != 0) {
            out.add(new XmlElement("vendor").attr("id", String.format("0x%04x", vendorId)));
            out.add(new XmlElement("product").attr("id", String.format("0x%04x", productId)));
        }
        if (bus != 0 || device != 0) {
            // '%d' of C's unsigned ints, as libvirt prints them
            out.add(new XmlElement("address").attr("bus", Integer.toString((int) bus))
                .attr("device", Integer.toString((int) device)));
        }
        // virXMLFormatElement writes no empty <source/>: such a source is not written at all
        return out.attributes().isEmpty() && out.children().isEmpty() ? null : out;
    }

    /** virXMLPropUInt with base 0 and VIR_XML_PROP_REQUIRED, in libvirt's words. */
    private static long base0UInt(XmlElement e, String attr) {
        String v = e.get(attr);
        if (v == null) {
            throw xmlPropError("Missing required attribute '" + attr + "' in element '" + e.name() + "'");
        }
        Long n = LibvirtNumbers.uipBase0(v);
        if (n == null || n > 0xffffffffL) {
            throw xmlPropError("Invalid value for attribute '" + attr + "' in element '" + e.name() + "': '" + v
                + "'. Expected non-negative integer value");
        }
        return n;
    }

    private static VirtException xmlPropError(String message) {
        // virxml.c's errors (VIR_FROM_XML), as PciAddressXml reports them
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML, message);
    }

    private static String required(XmlElement e, String attr, String what) {
        String v = e.attributes().get(attr);
        if (v == null) {
            throw ParseContext.xmlError("missing " + what);
        }
        return v;
    }

    /**
     * What libvirt's parser of each kind reads besides the typed attributes and the device info:
     * attributes, then sub-elements. Those are kept as parsed; anything else is left unread, so
     * it is dropped, or refused under VALIDATE, as libvirt does (it was kept and written back).
     */
    private static final Map<String, List<Set<String>>> VOCABULARY = Map.of(
        "input", List.of(Set.of(), Set.of("source", "driver")),
        "video", List.of(Set.of(), Set.of("driver")),
        "memballoon", List.of(Set.of(), Set.of("driver")),
        "watchdog", List.of(Set.of(), Set.of()),
        "rng", List.of(Set.of(), Set.of("rate", "driver")),
        "panic", List.of(Set.of(), Set.of()),
        "sound", List.of(Set.of("streams"), Set.of("codec", "audio", "driver")), // streams, driver: virtio sound, 10.4
        "tpm", List.of(Set.of(), Set.of()),
        "hostdev", List.of(Set.of("sgio", "rawio", "display", "ramfb", "model"),
            Set.of("driver", "readonly", "shareable", "ip", "route", "teaming")));

    /** Keeps the attributes and sub-elements libvirt reads that the typed parse did not (device info aside). */
    private static <T extends BasicDeviceDef> T rest(XmlElement e, T d, Set<String> typedChildren) {
        List<Set<String>> known = VOCABULARY.get(e.name());
        DevicesXml.knownAttrs(e, d.otherAttrs(), known.get(0));
        for (XmlElement c : e.children()) {
            boolean info = c.namespaceUri() == null && INFO.contains(c.name());
            if (!info && !typedChildren.contains(c.name()) && c.namespaceUri() == null && known.get(1).contains(c.name())) {
                XmlElement kept = c.consumeAll();
                // a network hostdev's <ip>: virDomainNetIPInfoParseXML, as on an interface
                d.children().add(kept.name().equals("ip") ? NetIpXml.normalize(kept) : kept);
            }
        }
        return d;
    }

    /** Copies (and consumes) the attributes of {@code e} no typed parse has read. */
    private static void unread(XmlElement e, Map<String, String> into) {
        for (String a : e.attributes().keySet()) {
            if (!e.isAttrConsumed(a)) {
                into.put(a, e.get(a));
            }
        }
    }

    // ---- formatting ----

    static void format(XmlOut out, BasicDeviceDef d) {
        out.open(2, d.kind());
        XmlOut body = out.child();
        if (d instanceof InputDef i) {
            out.attr("type", i.type()).attr("bus", i.bus()).attr("model", i.model());
            layout(body, d, List.of(), b -> { }, List.of());
        } else if (d instanceof VideoDef v) {
            layout(body, d, List.of("driver"), b -> videoModel(b, v), List.of());
        } else if (d instanceof MemballoonDef m) {
            out.attr("model", m.model()).attr("autodeflate", m.autodeflate())
                .attr("freePageReporting", m.freePageReporting());
            layout(body, d, List.of(), b -> {
                if (m.statsPeriod() != null && m.statsPeriod() > 0) {
                    b.open(3, "stats").attr("period", m.statsPeriod()).end();
                }
            }, List.of("driver"));
        } else if (d instanceof WatchdogDef w) {
            out.attr("model", w.model()).attr("action", w.action());
            layout(body, d, List.of(), b -> { }, List.of());
        } else if (d instanceof RngDef r) {
            out.attr("model", r.model());
            Map<String, String> typed = new LinkedHashMap<>();
            typed.put("model", r.backendModel());
            layout(body, d, List.of("rate"),
                b -> backend(b, typed, r.backendAttrs(), r.backendPath(), r.backendChildren()), List.of());
        } else if (d instanceof PanicDef p) {
            out.attr("model", p.model());
            layout(body, d, List.of(), b -> { }, List.of());
        } else if (d instanceof SoundDef s) {
            out.attr("model", s.model());
            layout(body, d, List.of(), b -> { }, List.of());
        } else if (d instanceof TpmDef t) {
            out.attr("model", t.model());
            Map<String, String> typed = new LinkedHashMap<>();
            typed.put("type", t.backendType());
            typed.put("version", t.backendVersion());
            layout(body, d, List.of(), b -> {
                if (t.backendType() != null) {
                    backend(b, typed, t.backendAttrs(), null, t.backendChildren());
                }
            }, List.of());
        } else if (d instanceof HostdevDef h) {
            boolean subsystem = h.mode() == null || "subsystem".equals(h.mode());
            out.attr("mode", subsystem ? "subsystem" : h.mode()).attr("type", h.type());
            if (subsystem) {
                // virDomainHostdevDefFormat writes managed on every subsystem device, 'no' when not asked for
                out.attr("managed", Boolean.TRUE.equals(h.managed()) ? "yes" : "no");
            } else {
                out.yesNo("managed", h.managed());
            }
            layout(body, d, List.of("driver"), b -> {
                if (h.source() != null) {
                    b.element(h.source(), 3);
                }
            }, List.of());
        }
        DevicesXml.writeAttrs(out, d.otherAttrs());
        out.body(2, d.kind(), body);
    }

    /** Leading kept children, the typed ones, the other kept ones, device info, then trailing kept ones. */
    private static void layout(XmlOut b, BasicDeviceDef d, List<String> leading, Consumer<XmlOut> typed,
        List<String> trailing) {
        for (String name : leading) {
            b.elements(d.children(), name, 3);
        }
        typed.accept(b);
        for (XmlElement c : d.children()) {
            if (!leading.contains(c.name()) && !trailing.contains(c.name())) {
                b.element(c, 3);
            }
        }
        DevicesXml.formatInfo(b, d, 3);
        for (String name : trailing) {
            b.elements(d.children(), name, 3);
        }
    }

    private static void videoModel(XmlOut b, VideoDef v) {
        if (!v.hasModel()) {
            return;
        }
        b.open(3, "model").attr("type", v.modelType()).attr("ram", v.ram()).attr("vram", v.vram())
            .attr("vram64", v.vram64()).attr("vgamem", v.vgamem()).attr("heads", v.heads())
            .yesNo("primary", v.primary());
        DevicesXml.writeAttrs(b, v.modelAttrs());
        if (v.modelChildren().isEmpty()) {
            b.end();
        } else {
            b.body();
            b.elements(v.modelChildren(), 4);
            b.close(3, "model");
        }
    }

    /** {@code <backend typed... attrs...>} with kept children, a text (a random backend's path) or empty. */
    private static void backend(XmlOut b, Map<String, String> typed, Map<String, String> attrs, String text,
        List<XmlElement> children) {
        String name = "backend";
        b.open(3, name);
        typed.forEach(b::attr);
        DevicesXml.writeAttrs(b, attrs);
        if (!children.isEmpty()) {
            b.body();
            b.elements(children, 4);
            b.close(3, name);
        } else if (text != null) {
            b.text(name, text);
        } else {
            b.end();
        }
    }
}
