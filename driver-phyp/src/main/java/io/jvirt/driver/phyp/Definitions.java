package io.jvirt.driver.phyp;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.DefineRules;

/**
 * Definitions of LPARs: what a define may say (libvirt's phypDomainCreateXML read the memory,
 * current memory, vCPUs and first disk) and the XML description (phypDomainGetXMLDesc: name, UUID,
 * memory, current memory, vCPUs, {@code <os><type>linux</type></os>}).
 *
 * <p>The UUID is the hypervisor's: an LPAR's UUID follows from the managed system and its id
 * ({@link LparUuids}), which the HMC picks, so a definition's {@code <uuid>} is not kept (libvirt's
 * driver ignored it too). What the HMC cannot be told here (any device but disks, and elements
 * past name, uuid, memory, currentMemory, vcpu and os type) is refused with CONFIG_UNSUPPORTED
 * before anything is sent.
 */
final class Definitions {

    /** What a define sends. */
    record Plan(String name, long curMemMb, long maxMemMb, int vcpus, String disk) {
    }

    private Definitions() {
    }

    static Plan parse(String xml) {
        DomainDef def = DomainXml.parse(xml, true);
        DefineRules.checkName(def.name());
        HmcNames.check(def.name(), "LPAR name");
        if (!"phyp".equals(def.type())) {
            throw unsupported("domain type '" + def.type() + "' (this driver defines only <domain type='phyp'>)");
        }
        List<String> extra = new ArrayList<>();
        if (def.cpu() != null) {
            extra.add("<cpu>");
        }
        if (def.features() != null) {
            extra.add("<features>");
        }
        if (def.memoryBacking() != null) {
            extra.add("<memoryBacking>");
        }
        if (def.emulator() != null) {
            extra.add("<emulator>");
        }
        def.kept().forEach(e -> extra.add("<" + e.name() + ">"));
        def.devices().stream().filter(d -> !(d instanceof DiskDef)
            && !(d instanceof io.jvirt.api.domain.ControllerDef c && io.jvirt.api.domain.DiskTargets.isImplicitDiskController(def, c)))
            .forEach(d -> extra.add("<" + d.kind() + ">"));
        var os = def.os();
        if (os.kernel() != null || os.initrd() != null || os.cmdline() != null || os.loader() != null
            || os.init() != null || !os.kept().isEmpty()) {
            extra.add("<os> beyond <type>");
        }
        if (!extra.isEmpty()) {
            throw unsupported(String.join(", ", extra));
        }
        long maxKib = def.memoryKiB();
        long curKib = def.currentMemoryKiB() > 0 ? def.currentMemoryKiB() : maxKib;
        if (maxKib <= 0 || def.vcpus() < 1) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.PHYP, "an LPAR needs <memory> and <vcpu>");
        }
        String disk = null;
        if (!def.disks().isEmpty()) {
            disk = def.disks().get(0).sourcePath();
            if (disk == null) {
                throw unsupported("a disk without a source path");
            }
        }
        return new Plan(def.name(), mb(curKib), mb(maxKib), def.vcpus(), disk);
    }

    private static boolean diskController(DomainDef def, io.jvirt.api.domain.DeviceDef d) {
        if (!(d instanceof io.jvirt.api.domain.ControllerDef c) || c.model() != null) {
            return false;
        }
        return def.disks().stream().anyMatch(disk -> c.type().equals(disk.targetBus()) && disk.address() != null
            && "drive".equals(disk.address().attributes().get("type"))
            && String.valueOf(c.index()).equals(disk.address().attributes().getOrDefault("controller", "0")));
    }

    private static long mb(long kib) {
        return (kib + 1023) / 1024;
    }

    static String xml(Lpar lpar, long maxKib, long curKib, int vcpus, int maxVcpus) {
        DomainDef def = DomainDef.builder().type("phyp").name(lpar.name()).uuid(lpar.uuid()).memoryKiB(maxKib)
            .currentMemoryKiB(curKib).vcpus(Math.max(1, maxVcpus)).os("linux", null, null).build();
        if (vcpus >= 1 && vcpus < maxVcpus) {
            def.currentVcpus(vcpus);
        }
        return DomainXml.format(def, lpar.id());
    }

    private static VirtException unsupported(String what) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.PHYP, "the PowerVM driver cannot define "
            + what);
    }
}
