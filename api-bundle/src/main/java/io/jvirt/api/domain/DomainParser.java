package io.jvirt.api.domain;

import java.util.Set;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** Reads the top level of a domain document: identity, memory, vCPUs, lifecycle actions; delegates the rest. */
final class DomainParser {

    /** Top-level elements libvirt knows that this model keeps as parsed, re-emitted at their canonical place. */
    static final Set<String> KEPT_TOP = Set.of("genid", "blkiotune", "memtune", "vcpus",
        "iothreadids", "defaultiothread", "throttlegroups", "cputune", "numatune", "resource", "sysinfo",
        "bootloader", "bootloader_args", "on_lockfailure", "perf", "seclabel", "keywrap", "launchSecurity");

    private static final String LIBVIRT_NS = "http://libvirt.org/schemas/domain/";
    private static final Set<String> LIFECYCLE = Set.of("destroy", "restart", "rename-restart", "preserve",
        "coredump-destroy", "coredump-restart");

    private DomainParser() {
    }

    static DomainDef parse(XmlElement root, ParseContext ctx) {
        if (!"domain".equals(root.name())) {
            throw ParseContext.xmlError("unexpected root element <" + root.name() + ">, expecting <domain>");
        }
        root.markConsumed();
        DomainDef def = new DomainDef();
        String type = root.get("type");
        if (type == null || type.isEmpty()) {
            throw ParseContext.xmlError("missing domain type attribute");
        }
        def.type(type);
        root.get("id"); // live-only: the id belongs to the running object, not the definition

        String name = root.childText("name");
        if (name == null || name.isEmpty()) {
            throw new VirtException(ErrorCode.NO_NAME, ErrorDomain.DOMAIN, "domain");
        }
        def.name(name.strip());
        String uuid = root.childText("uuid");
        if (uuid != null) {
            def.uuid(parseUuid(uuid));
        }
        def.title(root.childText("title"));
        if (def.title() != null && def.title().contains("\n")) {
            throw ParseContext.xmlError("Domain title can't contain newlines");
        }
        def.description(root.childText("description"));
        XmlElement metadata = root.child("metadata");
        if (metadata != null) {
            def.metadata(metadata.consumeAll().sanitizedNamespaces());
        }
        parseMemory(root, def.memory());
        parseVcpu(root, def.vcpu());
        String iothreads = root.childText("iothreads");
        if (iothreads != null) {
            def.iothreads(ParseContext.uint(iothreads, "iothreads"));
        }
        XmlElement os = root.child("os");
        if (os != null) {
            OsXml.parse(os, def.os());
            OsXml.xenCompat(def);
            OsXml.dropUnread(def.os());
        } else if (root.child("bootloader") != null) {
            // libvirt's virDomainDefParseCaps: a bootloader without <os> is a Xen PV guest
            def.os().type("xen");
        } else {
            throw ParseContext.xmlError("an os <type> must be specified");
        }
        XmlElement memoryBacking = root.child("memoryBacking");
        if (memoryBacking != null) {
            def.memoryBacking(TuningXml.parseMemoryBacking(memoryBacking));
        }
        XmlElement idmap = root.child("idmap");
        if (idmap != null) {
            def.idmap(TuningXml.parseIdMap(idmap));
        }
        XmlElement features = root.child("features");
        if (features != null) {
            def.features(FeaturesXml.parse(features));
        }
        XmlElement clock = root.child("clock");
        if (clock != null) {
            def.clock(ClockXml.parse(clock));
        }
        XmlElement pm = root.child("pm");
        if (pm != null) {
            def.pm(TuningXml.parsePm(pm));
        }
        XmlElement cpu = root.child("cpu");
        if (cpu != null) {
            def.cpu(CpuXml.parse(cpu));
        }
        def.onPoweroff(lifecycle(root, "on_poweroff"));
        def.onReboot(lifecycle(root, "on_reboot"));
        def.onCrash(lifecycle(root, "on_crash"));
        XmlElement devices = root.child("devices");
        if (devices != null) {
            DevicesXml.parse(devices, def, ctx);
        }
        for (XmlElement c : root.children()) {
            if (c.namespaceUri() == null && KEPT_TOP.contains(c.name())) {
                def.kept().add(c.consumeAll());
            } else if (c.namespaceUri() != null && c.namespaceUri().startsWith(LIBVIRT_NS) && c.prefix() != null) {
                // hypervisor namespace data (qemu:commandline, ...): libvirt keeps it, declared on <domain>
                def.kept().add(c.consumeAll());
                def.rootNamespaces().put(c.prefix(), c.namespaceUri());
            }
        }
        XmlElement numatune = def.kept("numatune");
        if (numatune != null) {
            canonicalNodesets(numatune);
        }
        XmlElement cputune = def.kept("cputune");
        if (cputune != null) {
            CputuneXml.normalize(cputune, def.vcpus());
        }
        ctx.checkUnknown(root, "domain");
        return def;
    }

    /** numatune's memory and memnode nodesets: bitmaps in libvirt, written back in its form. */
    private static void canonicalNodesets(XmlElement numatune) {
        for (XmlElement c : numatune.children()) {
            String nodeset = c.attributes().get("nodeset");
            if (nodeset != null && (c.name().equals("memory") || c.name().equals("memnode"))) {
                String canonical = CpuSet.canonicalNonEmpty(nodeset, "nodeset", c.name() + "@nodeset");
                c.attr("nodeset", canonical == null ? CpuSet.format(CpuSet.parse(nodeset)) : canonical);
            }
        }
    }

    private static void parseMemory(XmlElement root, MemoryDef mem) {
        XmlElement max = root.child("maxMemory");
        if (max != null) {
            mem.maxMemoryKiB(Units.elementKiB(max));
            mem.maxMemorySlots(ParseContext.uint(max, "slots"));
        }
        XmlElement memory = root.child("memory");
        if (memory != null) {
            mem.memoryKiB(Units.elementKiB(memory));
            mem.dumpCore(ParseContext.oneOf(memory, "dumpCore", "on", "off"));
        }
        XmlElement current = root.child("currentMemory");
        if (current != null) {
            mem.currentMemoryKiB(Units.elementKiB(current));
        }
    }

    private static void parseVcpu(XmlElement root, VcpuDef vcpu) {
        XmlElement e = root.child("vcpu");
        if (e == null) {
            return;
        }
        vcpu.max(ParseContext.uint(e.text() == null ? "" : e.text(), "vcpu"));
        vcpu.current(ParseContext.uint(e, "current"));
        vcpu.placement(ParseContext.oneOf(e, "placement", "static", "auto"));
        String cpuset = e.get("cpuset");
        if (cpuset != null) {
            // libvirt keeps a bitmap and writes it back in its own form, without it when it names every CPU
            vcpu.cpuset(CpuSet.canonicalNonEmpty(cpuset, "cpuset", "vcpu@cpuset"));
        }
    }

    private static String lifecycle(XmlElement root, String element) {
        String v = root.childText(element);
        if (v == null) {
            return null;
        }
        if (!LIFECYCLE.contains(v.strip())) {
            throw ParseContext.xmlError("Invalid " + element + " value: '" + v + "'");
        }
        return v.strip();
    }

    static UUID parseUuid(String s) {
        UUID uuid = LibvirtUuids.parse(s);
        if (uuid == null) {
            throw ParseContext.xmlError("malformed uuid element");
        }
        return uuid;
    }
}
