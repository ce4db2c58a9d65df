package io.jvirt.api.domain;

import java.util.HashMap;
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
        bootDefaults(def);
        ConsoleCompat.apply(def);
        Map<String, Integer> nextIndex = new HashMap<>();
        for (ControllerDef c : def.controllers()) {
            nextIndex.merge(c.type(), c.index() + 1, Math::max);
        }
        boolean primaryVideo = false;
        for (DeviceDef d : def.devices()) {
            if (d instanceof InterfaceDef n && (n.mac() == null || MacAddress.isZero(n.mac()))) {
                n.mac(MacAddress.parse(driver.generateMac()));
            } else if (d instanceof ControllerDef c && c.index() < 0) {
                c.index(nextIndex.getOrDefault(c.type(), 0));
                nextIndex.put(c.type(), c.index() + 1);
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

    /** An HVM guest with no kernel and no boot device of any kind boots from its first disk. */
    private static void bootDefaults(DomainDef def) {
        boolean perDevice = def.devices().stream().anyMatch(d -> d.bootOrder() != null);
        OsDef os = def.os();
        if (perDevice && !os.bootDevices().isEmpty()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "per-device boot elements cannot be used together with os/boot elements");
        }
        if ("hvm".equals(os.type()) && os.kernel() == null && os.bootDevices().isEmpty() && !perDevice
            && os.loader() == null) {
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
