package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses {@code <devices>} by dispatching each element to its typed parser, and formats the
 * devices grouped by kind in libvirt's order. Also reads and writes the device-info elements every
 * device may carry (boot, alias, rom, acpi, address).
 */
final class DevicesXml {

    /** libvirt's formatting order of device kinds. */
    static final List<String> KIND_ORDER = List.of("disk", "controller", "lease", "filesystem", "interface",
        "smartcard", "serial", "parallel", "console", "channel", "input", "tpm", "graphics", "sound", "audio",
        "video", "hostdev", "redirdev", "redirfilter", "hub", "watchdog", "memballoon", "rng", "nvram", "panic",
        "shmem", "memory", "iommu", "vsock", "crypto", "pstore");

    private static final Set<String> INFO = Set.of("alias", "rom", "acpi", "master");

    private DevicesXml() {
    }

    static void parse(XmlElement devices, DomainDef def, ParseContext ctx) {
        String emulator = devices.childText("emulator");
        def.emulator(emulator == null ? null : emulator.strip());
        for (XmlElement e : devices.children()) {
            if (e.namespaceUri() != null || !KIND_ORDER.contains(e.name())) {
                continue; // left unconsumed: reported by the unknown-content sweep
            }
            DeviceDef d = parseDevice(e);
            if (d instanceof DiskDef disk) {
                insertDisk(def.devices(), disk);
            } else {
                chrParsePorts(def, d);
                def.devices().add(d);
            }
        }
    }

    /**
     * What libvirt's parser does to character device ports (virDomainDefParseXML): a parallel port
     * without one gets the next after the parallels before it; console n is port n, whatever the
     * XML says. Serial ports are numbered after parsing ({@link DomainDefaults}).
     */
    private static void chrParsePorts(DomainDef def, DeviceDef d) {
        if (!(d instanceof CharDeviceDef c)) {
            return;
        }
        if ("console".equals(c.kind())) {
            c.targetPort(ConsoleCompat.of(def, "console").size());
        } else if ("parallel".equals(c.kind()) && c.targetPort() == null) {
            int max = -1;
            for (CharDeviceDef p : ConsoleCompat.of(def, "parallel")) {
                max = Math.max(max, p.targetPort() == null ? -1 : p.targetPort());
            }
            c.targetPort(max + 1);
        }
    }

    /**
     * libvirt's virDomainDiskInsert, which its parser uses for every disk: after the last disk on the
     * same bus (as given; no bus is a bus of its own until defaults are applied), before the first
     * one there whose target sorts after the new one (virDiskNameToIndex), else at the end.
     */
    static void insertDisk(List<DeviceDef> devices, DiskDef disk) {
        List<Integer> disks = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) instanceof DiskDef) {
                disks.add(i);
            }
        }
        int insertAt = -1;
        for (int idx = disks.size() - 1; idx >= 0; idx--) {
            DiskDef other = (DiskDef) devices.get(disks.get(idx));
            boolean sameBus = java.util.Objects.equals(other.targetBus(), disk.targetBus());
            if (sameBus && other.targetDev() != null && disk.targetDev() != null
                && diskNameToIndex(other.targetDev()) > diskNameToIndex(disk.targetDev())) {
                insertAt = idx;
            } else if (sameBus && insertAt == -1) {
                insertAt = idx + 1;
            }
        }
        if (insertAt == -1 || insertAt == disks.size()) {
            // the end of libvirt's array of disks; the formatter writes each kind together, in order
            devices.add(disk);
        } else {
            devices.add(disks.get(insertAt), disk);
        }
    }

    /** libvirt's virDiskNameToIndex: "sda" 0, "hdz" 25, "vdaa" 26; -1 for anything else. */
    static int diskNameToIndex(String name) {
        return DiskTargets.index(name);
    }

    /** Parses one device element of a known kind (the caller checked {@link #KIND_ORDER}). */
    static DeviceDef parseDevice(XmlElement e) {
        e.markConsumed();
        DeviceDef d = switch (e.name()) {
            case "disk" -> DiskXml.parse(e);
            case "interface" -> InterfaceXml.parse(e);
            case "graphics" -> GraphicsXml.parse(e);
            case "serial", "parallel", "console", "channel" -> CharDeviceXml.parse(e);
            case "controller" -> ControllerXml.parseController(e);
            case "filesystem" -> ControllerXml.parseFilesystem(e);
            case "input", "video", "memballoon", "watchdog", "rng", "panic", "sound", "tpm", "hostdev" ->
                BasicDevicesXml.parse(e);
            default -> GenericDevices.parse(e);
        };
        if (!(d instanceof GenericDeviceDef) && !(d instanceof GraphicsDef)) {
            // libvirt's graphics devices have no device info (no address, alias or boot order)
            parseInfo(e, d);
        }
        return d;
    }

    /** Reads boot order, address and the other device-info elements of a typed device. */
    static void parseInfo(XmlElement e, DeviceDef d) {
        XmlElement boot = e.child("boot");
        if (boot != null) {
            Integer order = ParseContext.uint(boot, "order");
            if (order == null || order == 0) {
                throw ParseContext.xmlError("missing or invalid boot order of device '" + e.name() + "'");
            }
            d.bootOrder(order);
            d.bootLoadparm(boot.get("loadparm"));
        }
        XmlElement address = e.child("address");
        if (address != null) {
            d.address(PciDeviceAddress.canonical(address.consumeAll()));
        }
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && INFO.contains(c.name())) {
                d.info().add(c.consumeAll());
            }
        }
    }

    static void formatInfo(XmlOut out, DeviceDef d, int level) {
        if (d.bootOrder() != null) {
            out.open(level, "boot").attr("order", d.bootOrder()).attr("loadparm", d.bootLoadparm()).end();
        }
        out.elements(d.info(), "alias", level);
        out.elements(d.info(), "master", level);
        out.elements(d.info(), "rom", level);
        out.elements(d.info(), "acpi", level);
        if (d.address() != null) {
            out.element(d.address(), level);
        }
    }

    /**
     * @param inactive libvirt's FORMAT_INACTIVE, which it sets for a definition without a running
     *                 id: live-only values (a display's real port, a pty's path) are left out
     */
    static void format(XmlOut out, DomainDef def, boolean secure, boolean inactive) {
        out.open(1, "devices").body();
        out.leaf(2, "emulator", def.emulator());
        // libvirt's device order by kind, keeping the order within a kind (the sort is stable)
        DeviceDef[] devices = def.devices().toArray(new DeviceDef[0]);
        java.util.Arrays.sort(devices, java.util.Comparator.comparingInt(DevicesXml::rank));
        // libvirt writes console n of an HVM guest that aliases a serial port as a copy of serial port n
        List<CharDeviceDef> serials = "hvm".equals(def.osType()) ? ConsoleCompat.of(def, "serial") : List.of();
        int console = 0;
        for (DeviceDef d : devices) {
            if (d instanceof CharDeviceDef c && "console".equals(c.kind())) {
                if (console < serials.size() && ConsoleCompat.aliases(c)) {
                    d = ConsoleCompat.alias(serials.get(console));
                }
                console++;
            }
            formatDevice(out, d, secure, inactive);
        }
        out.close(1, "devices");
    }

    /** The device's place in libvirt's order; unknown kinds come last. */
    private static int rank(DeviceDef d) {
        int rank = KIND_ORDER.indexOf(d.kind());
        return rank < 0 ? KIND_ORDER.size() : rank;
    }

    static void formatDevice(XmlOut out, DeviceDef d, boolean secure, boolean inactive) {
        if (d instanceof DiskDef disk) {
            DiskXml.format(out, disk);
        } else if (d instanceof InterfaceDef net) {
            InterfaceXml.format(out, net, inactive);
        } else if (d instanceof GraphicsDef g) {
            GraphicsXml.format(out, g, secure, inactive);
        } else if (d instanceof CharDeviceDef c) {
            CharDeviceXml.format(out, c, inactive);
        } else if (d instanceof ControllerDef c) {
            ControllerXml.formatController(out, c);
        } else if (d instanceof FilesystemDef f) {
            ControllerXml.formatFilesystem(out, f);
        } else if (d instanceof BasicDeviceDef b) {
            BasicDevicesXml.format(out, b);
        } else if (d instanceof GenericDeviceDef g) {
            out.element(g.element(), 2);
        }
    }

    /** Copies the attributes of {@code e} not in {@code skip} into {@code into}, consuming them. */
    static void otherAttrs(XmlElement e, Map<String, String> into, Set<String> skip) {
        for (String a : e.attributes().keySet()) {
            if (!skip.contains(a)) {
                into.put(a, e.get(a));
            }
        }
    }

    /**
     * Copies into {@code into} (consuming them) the attributes of {@code e} named in {@code known}
     * that no typed parse has read: what libvirt's parser reads there and the model keeps as
     * parsed. Anything else is left unread, so it is dropped, or refused under VALIDATE, as
     * libvirt does.
     */
    static void knownAttrs(XmlElement e, Map<String, String> into, Set<String> known) {
        for (String a : e.attributes().keySet()) {
            if (known.contains(a) && !e.isAttrConsumed(a)) {
                into.put(a, e.get(a));
            }
        }
    }

    static void writeAttrs(XmlOut out, Map<String, String> attrs) {
        attrs.forEach(out::attr);
    }

    /** Keeps the named children of {@code e} as parsed. */
    static void keep(XmlElement e, List<XmlElement> into, Set<String> names) {
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && names.contains(c.name())) {
                into.add(c.consumeAll());
            }
        }
    }
}
