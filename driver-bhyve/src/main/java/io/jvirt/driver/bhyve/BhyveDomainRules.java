package io.jvirt.driver.bhyve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.CharSource;
import io.jvirt.api.domain.ControllerDef;
import io.jvirt.api.domain.DeviceDef;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.VideoDef;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.core.kit.DiskNames;

/**
 * What libvirt's bhyve driver does to a definition between parsing and storing it: its post-parse
 * callbacks (bhyveDomainDefPostParse, bhyveDomainDeviceDefPostParse: the implicit pci-root and ISA
 * (LPC) controllers, SATA drive addresses from the target name, nmdm console paths, GOP video), the
 * generic implicit devices bhyve relies on (a SATA controller per drive controller used, a video
 * device for graphics without one), its device validation and its PCI slot assignment
 * (bhyveDomainAssignAddresses).
 */
final class BhyveDomainRules {

    private BhyveDomainRules() {
    }

    /**
     * libvirt's bhyve post-parse, validation and PCI address assignment, on a definition about to
     * be stored by define/create; VirtException with libvirt's code and wording.
     */
    static void prepare(DomainDef def, Set<BhyveCapability> caps) {
        postParse(def, caps);
        implicitDevices(def);
        validate(def);
        BhyvePciAssigner.assign(def);
    }

    /**
     * The driver's post-parse (bhyveDomainDefPostParse and bhyveDomainDeviceDefPostParse) as the
     * model's driver hook: libvirt runs it before its generic post-parse, which then only fills
     * what it left (a SATA disk's drive address is bhyve's, not the generic six per controller).
     * {@link #prepare} runs it again (it only fills what is missing) with the rest of the rules.
     */
    static DomainDefDefaults defaults(Set<BhyveCapability> caps) {
        return def -> postParse(def, caps);
    }

    /** bhyveDomainDefPostParse, then bhyveDomainDeviceDefPostParse for each device. */
    static void postParse(DomainDef def, Set<BhyveCapability> caps) {
        domainPostParse(def);
        for (DeviceDef d : new ArrayList<>(def.devices())) {
            devicePostParse(def, d, caps);
        }
    }

    /** bhyveDomainDefPostParse: the implicit pci-root and, where something needs it, the ISA bridge. */
    private static void domainPostParse(DomainDef def) {
        supported(def);
        sortControllers(def);
        addController(def, "pci", 0, "pci-root");
        if (needsIsaController(def)) {
            addController(def, "isa", 0, null);
        }
    }

    /**
     * virCapabilitiesDomainSupported against bhyve's capabilities: hvm guests of type bhyve on
     * x86_64 (the only guest libvirt's bhyve driver advertises on amd64 hosts).
     */
    private static void supported(DomainDef def) {
        String os = def.osType() == null ? "hvm" : def.osType();
        String arch = def.arch();
        String type = def.type();
        if (!os.equals("hvm") || (arch != null && !arch.equals("x86_64")) || !"bhyve".equals(type)) {
            StringBuilder b = new StringBuilder("ostype=").append(os);
            if (arch != null) {
                b.append(" arch=").append(arch);
            }
            b.append(" domaintype=").append(type);
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.BHYVE, "could not find capabilities for " + b);
        }
    }

    /** bhyveDomainDefNeedsISAController: the LPC bridge carries the bootrom, the COM ports and the framebuffer's VGA. */
    private static boolean needsIsaController(DomainDef def) {
        if (BhyveDomain.bootloader(def) == null && def.os().loader() != null) {
            return true;
        }
        if ("efi".equals(def.os().firmware())) {
            return true;
        }
        if (!def.charDevices().stream().filter(c -> "serial".equals(c.kind()) || "console".equals(c.kind()))
            .toList().isEmpty()) {
            return true;
        }
        return !def.graphics().isEmpty() && !def.devices(VideoDef.class).isEmpty();
    }

    /** bhyveDomainDeviceDefPostParse. */
    private static void devicePostParse(DomainDef def, DeviceDef d, Set<BhyveCapability> caps) {
        if (d instanceof DiskDef disk && disk.address() == null && "sata".equals(disk.targetBus())) {
            int idx = DiskNames.index(disk.targetDev());
            if (idx < 0) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.BHYVE,
                    "Unknown disk name '" + disk.targetDev() + "' and no address specified");
            }
            boolean wide = caps.contains(BhyveCapability.AHCI32SLOT);
            XmlElement a = new XmlElement("address");
            a.attr("type", "drive");
            a.attr("controller", Integer.toString(wide ? idx / 32 : idx));
            a.attr("bus", "0");
            a.attr("target", "0");
            a.attr("unit", Integer.toString(wide ? idx % 32 : 0));
            disk.address(a);
        } else if (d instanceof ControllerDef c && "pci".equals(c.type())
            && ("pci-root".equals(c.model()) || "pcie-root".equals(c.model())) && c.index() != 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.BHYVE,
                "pci-root and pcie-root controllers should have index 0");
        } else if (d instanceof VideoDef v && (v.modelType() == null || "default".equals(v.modelType()))) {
            v.modelType("gop");
        } else if (d instanceof CharDeviceDef chr && "nmdm".equals(chr.type())) {
            CharSource src = chr.sources().isEmpty() ? null : chr.sources().get(0);
            if (src == null) {
                src = new CharSource();
                chr.sources().add(src);
            }
            if (src.master() == null) {
                src.master("/dev/nmdm" + def.uuid() + "A");
                src.slave("/dev/nmdm" + def.uuid() + "B");
            }
        }
    }

    /** The generic implicit devices bhyve relies on (virDomainDefAddImplicitDevices). */
    private static void implicitDevices(DomainDef def) {
        for (DiskDef disk : def.disks()) {
            XmlElement a = disk.address();
            if ("sata".equals(disk.targetBus()) && a != null && "drive".equals(a.attributes().get("type"))) {
                addController(def, "sata", BhyveDomain.driveController(disk), null);
            }
        }
        if (!def.graphics().isEmpty() && def.devices(VideoDef.class).isEmpty()) {
            VideoDef video = new VideoDef();
            video.modelType("gop");
            video.heads(1);
            video.primary(true);
            def.addDevice(video);
        }
    }

    /** bhyveDomainDeviceDefValidate and the generic checks bhyve's vectors depend on. */
    private static void validate(DomainDef def) {
        for (ControllerDef c : def.controllers()) {
            if ("isa".equals(c.type()) && c.index() != 0) {
                // libvirt's callback fails without a message of its own
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE,
                    "An error occurred, but the cause is unknown");
            }
        }
        Map<String, DiskDef> targets = new HashMap<>();
        for (DiskDef disk : def.disks()) {
            DiskDef other = disk.targetDev() == null ? null : targets.putIfAbsent(disk.targetDev(), disk);
            if (other != null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "target '" + disk.targetDev()
                    + "' duplicated for disk sources '" + other.sourcePath() + "' and '" + disk.sourcePath() + "'");
            }
        }
    }

    /** virDomainDefMaybeAddController: a controller of this type and index unless one exists. */
    private static void addController(DomainDef def, String type, int index, String model) {
        for (ControllerDef c : def.controllers()) {
            if (type.equals(c.type()) && c.index() == index) {
                return;
            }
        }
        ControllerDef c = new ControllerDef();
        c.type(type);
        c.index(index);
        c.model(model);
        List<ControllerDef> ordered = new ArrayList<>(def.controllers());
        ordered.add(insertAt(ordered, c), c);
        placeControllers(def, ordered);
    }

    /** The controllers in libvirt's array order: each inserted as virDomainControllerInsertPreAlloced does. */
    private static void sortControllers(DomainDef def) {
        List<ControllerDef> ordered = new ArrayList<>();
        for (ControllerDef c : def.controllers()) {
            ordered.add(insertAt(ordered, c), c);
        }
        placeControllers(def, ordered);
    }

    private static int insertAt(List<ControllerDef> list, ControllerDef c) {
        int insertAt = -1;
        for (int i = list.size() - 1; i >= 0; i--) {
            ControllerDef cur = list.get(i);
            if (cur.type() != null && cur.type().equals(c.type())) {
                if (c.index() < 0) {
                    insertAt = i + 1;
                    break;
                }
                if (cur.index() > c.index()) {
                    insertAt = i;
                } else if (insertAt == -1) {
                    insertAt = i + 1;
                }
            }
        }
        return insertAt < 0 ? list.size() : insertAt;
    }

    /** Puts the controllers back into the device list in this order, where the first of them was. */
    private static void placeControllers(DomainDef def, List<ControllerDef> ordered) {
        List<DeviceDef> devices = def.devices();
        int at = -1;
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) instanceof ControllerDef) {
                at = i;
                break;
            }
        }
        devices.removeIf(d -> d instanceof ControllerDef);
        if (at < 0 || at > devices.size()) {
            at = devices.size();
        }
        devices.addAll(at, ordered);
    }
}
