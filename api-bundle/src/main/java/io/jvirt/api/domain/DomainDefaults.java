package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * libvirt's driver-independent checks and defaults, applied after parsing or building: name,
 * UUID, memory and vCPU consistency, boot device, MAC addresses, controller indexes, the primary
 * video and the serial console. Driver-specific defaults come from a {@link DomainDefDefaults}.
 */
final class DomainDefaults {

    private DomainDefaults() {
    }

    /**
     * libvirt's virDomainDefPostParseMemory: without {@code <memory>} the size is the sum of the
     * NUMA cells' memory plus the memory devices'; with neither, no domain ("Memory size must be
     * specified via &lt;memory&gt; or in the &lt;numa&gt; configuration").
     */
    private static void initialMemory(DomainDef def) {
        MemoryDef mem = def.memory();
        if (mem.memoryKiB() != 0) {
            return;
        }
        long numa = 0;
        XmlElement cells = def.cpu() == null ? null : def.cpu().kept().stream()
            .filter(e -> e.name().equals("numa")).findFirst().orElse(null);
        if (cells != null) {
            for (XmlElement cell : cells.all("cell")) {
                String size = cell.get("memory");
                if (size != null) {
                    numa = Math.addExact(numa, Units.toKiB(size, cell.get("unit"), "numa/cell@memory"));
                }
            }
        }
        if (numa == 0) {
            throw ParseContext.xmlError("Memory size must be specified via <memory> or in the <numa> configuration");
        }
        long hotplug = 0;
        for (DeviceDef d : def.devices()) {
            if (d instanceof GenericDeviceDef g && g.kind().equals("memory")) {
                XmlElement target = g.element().child("target");
                XmlElement size = target == null ? null : target.child("size");
                if (size != null) {
                    hotplug = Math.addExact(hotplug, Units.elementKiB(size));
                }
            }
        }
        mem.memoryKiB(Math.addExact(numa, hotplug));
    }

    static void apply(DomainDef def, DomainDefDefaults driver) {
        checkName(def.name(), driver.namesMayContainSlash());
        driver.apply(def);
        if (def.uuid() == null) {
            def.uuid(RandomUuids.random());
        }
        MemoryDef mem = def.memory();
        initialMemory(def);
        Long current = mem.currentMemoryKiB();
        if (current == null || current == 0 || current > mem.memoryKiB()) {
            mem.currentMemoryKiB(mem.memoryKiB());
        }
        if (mem.maxMemoryKiB() != null && mem.maxMemoryKiB() < mem.memoryKiB()) {
            throw invalid("maximum memory size must be equal or greater than the actual memory size");
        }
        VcpuDef vcpu = def.vcpu();
        if (vcpu.max() < 1) {
            throw invalid("Invalid number of vcpus '" + vcpu.max() + "'");
        }
        if (vcpu.current() != null && (vcpu.current() > vcpu.max() || vcpu.current() == 0)) {
            throw invalid("maxvcpus must not be less than current vcpus (" + vcpu.max() + " < " + vcpu.current() + ")");
        }
        assignControllerIndexes(def);
        chrDefaults(def);
        diskDefaults(def, driver.wideScsiBus() ? DiskTargets.SCSI_WIDE_BUS_MAX_CONT_UNIT
            : DiskTargets.SCSI_NARROW_BUS_MAX_CONT_UNIT);
        OsDef os = def.os();
        if (os.loader() != null && os.loaderType() == null) {
            os.loaderType("rom"); // virDomainDefPostParseOs: a loader is a rom by default
        }
        bootDefaults(def);
        ConsoleCompat.apply(def);
        implicitDiskControllers(def);
        implicitVirtioSerialControllers(def);
        implicitVideo(def, driver);
        for (VideoDef v : def.devices(VideoDef.class)) {
            videoDefaults(def, v, driver);
        }
        boolean primaryVideo = false;
        for (DeviceDef d : def.devices()) {
            if (d instanceof InterfaceDef n && (n.mac() == null || MacAddress.isZero(n.mac()))) {
                n.mac(MacAddress.parse(driver.generateMac()));
            } else if (d instanceof VideoDef v && !primaryVideo) {
                primaryVideo = true;
                if ("none".equals(v.modelType())) {
                    clearNoneVideo(v);
                } else if (v.hasModel() && v.primary() == null) {
                    v.primary(true);
                }
            } else if (d instanceof GenericDeviceDef g && g.kind().equals("video") && !primaryVideo) {
                primaryVideo = true; // a video device built in code with the older, generic model
                markPrimary(g.element());
            }
        }
        DomainValidate.apply(def);
    }

    /** A controller without an index gets the next one of its type (done before the driver's rules see them). */
    private static void assignControllerIndexes(DomainDef def) {
        Map<String, Integer> nextIndex = new HashMap<>();
        for (ControllerDef c : def.controllers()) {
            nextIndex.merge(c.type(), c.index() + 1, Math::max);
        }
        for (ControllerDef c : def.controllers()) {
            if (c.index() < 0) {
                c.index(nextIndex.getOrDefault(c.type(), 0));
                nextIndex.put(c.type(), c.index() + 1);
            }
        }
    }

    /**
     * libvirt's virDomainChrDefPostParse: a console without a target type targets a serial port;
     * a serial port without a number gets the next after the highest one.
     */
    private static void chrDefaults(DomainDef def) {
        List<CharDeviceDef> serials = ConsoleCompat.of(def, "serial");
        for (CharDeviceDef c : ConsoleCompat.of(def, "console")) {
            if (c.targetType() == null) {
                c.targetType("serial");
            }
        }
        for (CharDeviceDef c : serials) {
            if (c.targetPort() == null) {
                int max = -1;
                for (CharDeviceDef o : serials) {
                    max = Math.max(max, o.targetPort() == null ? -1 : o.targetPort());
                }
                c.targetPort(max + 1);
            }
        }
    }

    /**
     * libvirt's virDomainDefMaybeAddVirtioSerialController: the virtio-serial controller a virtio
     * channel or console uses (its address's controller, else 0) is added when missing.
     */
    private static void implicitVirtioSerialControllers(DomainDef def) {
        for (DeviceDef d : new ArrayList<>(def.devices())) {
            if (d instanceof CharDeviceDef c && "virtio".equals(c.targetType())
                && ("channel".equals(c.kind()) || "console".equals(c.kind()))) {
                XmlElement a = c.address();
                int idx = a != null && "virtio-serial".equals(a.attributes().get("type")) ? driveController(a) : 0;
                if (def.controllers().stream().noneMatch(x -> "virtio-serial".equals(x.type()) && x.index() == idx)) {
                    def.devices().add(new ControllerDef().type("virtio-serial").index(idx));
                }
            }
        }
    }

    /**
     * libvirt's virDomainDefAddImplicitVideo and the post-parse of the video it adds: a domain with
     * graphics and no video gets one video of the driver's default type, one head, the type's
     * default video memory (virDomainVideoDefaultRAM), primary.
     */
    private static void implicitVideo(DomainDef def, DomainDefDefaults driver) {
        if (def.graphics().isEmpty() || def.devices().stream().anyMatch(d -> "video".equals(d.kind()))
            || driver.defaultVideoType(def) == null) {
            return;
        }
        def.devices().add(new VideoDef().heads(1));
    }

    /**
     * A video's defaults: the driver's type for one that names none (libvirt's type "default"),
     * with one head (virDomainVideoDefNew), and virDomainVideoDefPostParse's video memory: the
     * type's default where none is given (ram only for qxl), each rounded up to a power of two.
     * (The parser's one head for every video is not applied: drivers that convert their native
     * formats through this parser, VMX, would write a head libvirt's converters leave out.)
     */
    private static void videoDefaults(DomainDef def, VideoDef v, DomainDefDefaults driver) {
        if (v.modelType() == null) {
            v.modelType(driver.defaultVideoType(def));
            if (v.modelType() == null) {
                return; // no driver rule: libvirt's type "default", which jvirt leaves unwritten
            }
            if (v.heads() == null) {
                v.heads(1); // virDomainVideoDefNew's, for a video the parser made without a type
            }
        }
        int ram = videoDefaultRam(def.type(), v.modelType());
        if ((v.ram() == null || v.ram() == 0) && "qxl".equals(v.modelType()) && ram != 0) {
            v.ram(ram);
        }
        if ((v.vram() == null || v.vram() == 0) && ram != 0) {
            v.vram(ram);
        }
        v.ram(powerOfTwo(v.ram()));
        v.vram(powerOfTwo(v.vram()));
    }

    /** VIR_ROUND_UP_POWER_OF_TWO for a video memory size (null and 0 stay). */
    private static Integer powerOfTwo(Integer kib) {
        if (kib == null || kib <= 0 || Integer.bitCount(kib) == 1) {
            return kib;
        }
        long p = Long.highestOneBit(kib.longValue()) << 1;
        return p > Integer.MAX_VALUE ? kib : (int) p;
    }

    /** libvirt's virDomainVideoDefaultRAM, in KiB (0: none). */
    static int videoDefaultRam(String virtType, String videoType) {
        return switch (videoType == null ? "default" : videoType) {
            case "vga", "cirrus", "vmvga" -> "vbox".equals(virtType) ? 8 * 1024
                : "vmware".equals(virtType) ? 4 * 1024 : 16 * 1024;
            case "bochs" -> 16 * 1024;
            case "xen" -> 4 * 1024;
            case "qxl" -> 64 * 1024;
            default -> 0;
        };
    }

    /**
     * libvirt's virDomainDiskDefPostParse, after the driver's rules (which may have set them): a
     * disk without a bus gets one from its device and target name, a disk without an address the
     * drive address of its target name on a controller-based bus; a target name with no index and
     * no address is refused ("Unknown disk name").
     */
    private static void diskDefaults(DomainDef def, int scsiBusMaxUnit) {
        for (DiskDef d : def.disks()) {
            if (d.targetDev() != null && d.targetDev().startsWith("ioemu:")) {
                d.targetDev(d.targetDev().substring("ioemu:".length())); // the old Xen driver's prefix
            }
            if ("cdrom".equals(d.device())) {
                d.readonly(true); // a cdrom is always read-only
            }
            if (d.targetBus() == null) {
                d.targetBus(DiskTargets.defaultBus(d.device(), d.targetDev()));
            }
            if (d.address() == null && d.targetDev() != null) {
                DiskTargets.Drive drive = DiskTargets.assign(d.targetBus(), d.targetDev(), scsiBusMaxUnit);
                if (drive == null) {
                    throw invalid("Unknown disk name '" + d.targetDev() + "' and no address specified");
                }
                if (DiskTargets.hasDriveAddress(d.targetBus())) {
                    d.address(drive.element());
                }
            }
        }
    }

    /**
     * libvirt's virDomainDefAddImplicitControllers for disks: every scsi, fdc, ide and sata
     * controller up to the highest one a drive address of a disk on that bus names is added when
     * missing (appended, without a model).
     */
    private static void implicitDiskControllers(DomainDef def) {
        for (String bus : new String[] {"scsi", "fdc", "ide", "sata"}) {
            int max = -1;
            for (DiskDef d : def.disks()) {
                XmlElement a = d.address();
                if (bus.equals(d.targetBus()) && a != null && "drive".equals(a.attributes().get("type"))) {
                    max = Math.max(max, driveController(a));
                }
            }
            for (int i = 0; i <= max; i++) {
                final int idx = i;
                if (def.controllers().stream().noneMatch(c -> bus.equals(c.type()) && c.index() == idx)) {
                    def.devices().add(new ControllerDef().type(bus).index(idx));
                }
            }
        }
    }

    /** A drive address's controller number (0 when absent, as libvirt's parser leaves it). */
    private static int driveController(XmlElement address) {
        String v = address.attributes().get("controller");
        Long n = v == null || v.isEmpty() || v.charAt(0) == '-' ? null : LibvirtNumbers.uip(v);
        return n == null || n > Integer.MAX_VALUE ? 0 : n.intValue();
    }

    static void checkName(String name) {
        checkName(name, false);
    }

    /** A name is required; '/' only where the driver allows it (libvirt's parser checks it, not its formatter). */
    static void checkName(String name, boolean slashAllowed) {
        if (name == null || name.isEmpty()) {
            throw new VirtException(ErrorCode.NO_NAME, ErrorDomain.DOMAIN, "domain");
        }
        if (!slashAllowed && name.indexOf('/') >= 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "name " + name + " cannot contain '/'");
        }
    }

    /** virDomainDefBootOrderPostParse: an HVM guest with no boot device of any kind boots from its first disk. */
    private static void bootDefaults(DomainDef def) {
        boolean perDevice = def.devices().stream().anyMatch(d -> d.bootOrder() != null);
        OsDef os = def.os();
        if (perDevice && !os.bootDevices().isEmpty()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "per-device boot elements cannot be used together with os/boot elements");
        }
        if ("hvm".equals(os.type()) && os.bootDevices().isEmpty() && !perDevice) {
            os.bootDevices().add("hd");
        }
    }

    /**
     * libvirt's virDomainDefPostParseVideo for a first video of type none: everything but the
     * type and a user's alias is cleared (nothing filled in is written), and it is not primary.
     */
    private static void clearNoneVideo(VideoDef v) {
        v.ram(null).vram(null).vram64(null).vgamem(null).heads(null).primary(null);
        v.modelAttrs().clear();
        v.modelChildren().clear();
        v.otherAttrs().clear();
        v.children().clear();
        v.address(null);
        v.bootOrder(null);
        v.info().removeIf(i -> !"alias".equals(i.name()));
    }

    /** The first video device is the primary one (libvirt marks it so). */
    private static void markPrimary(XmlElement video) {
        for (XmlElement c : video.children()) {
            if (c.name().equals("model") && c.attributes().get("primary") == null) {
                c.attr("primary", "yes");
            }
        }
    }

    private static VirtException invalid(String msg) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, msg);
    }
}
