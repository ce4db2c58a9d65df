package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;

/** Writes a definition in libvirt's canonical layout (element order, 2-space indent, memory in KiB). */
final class DomainFormatter {

    private DomainFormatter() {
    }

    static String format(DomainDef def, int id, boolean secure) {
        DomainDefaults.checkName(def.name(), true);
        XmlOut out = new XmlOut();
        out.open(0, "domain").attr("type", def.type());
        if (id >= 0) {
            out.attr("id", id);
        }
        def.rootNamespaces().forEach((p, uri) -> out.attr("xmlns:" + p, uri));
        out.body();
        out.leaf(1, "name", def.name());
        if (def.uuid() != null) {
            out.leaf(1, "uuid", def.uuid());
        }
        kept(out, def, "genid");
        out.leaf(1, "title", def.title());
        out.leaf(1, "description", def.description());
        if (def.metadata() != null) {
            out.metadata(def.metadata(), 1);
        }
        MemoryDef mem = def.memory();
        if (mem.maxMemoryKiB() != null) {
            out.open(1, "maxMemory").attr("slots", mem.maxMemorySlots()).attr("unit", "KiB")
                .text("maxMemory", mem.maxMemoryKiB().toString());
        }
        out.open(1, "memory").attr("unit", "KiB").attr("dumpCore", mem.dumpCore())
            .text("memory", Long.toString(mem.memoryKiB()));
        out.open(1, "currentMemory").attr("unit", "KiB").text("currentMemory", Long.toString(def.currentMemoryKiB()));
        kept(out, def, "blkiotune");
        kept(out, def, "memtune");
        typedOrKept(out, def, def.memoryBacking(), "memoryBacking", () -> TuningXml.format(out, def.memoryBacking()));
        VcpuDef vcpu = def.vcpu();
        out.open(1, "vcpu").attr("placement", vcpu.placement() == null ? "static" : vcpu.placement())
            .attr("cpuset", vcpu.cpuset()).attr("current", vcpu.current() == null || vcpu.current() == vcpu.max()
                ? null : vcpu.current())
            .text("vcpu", Integer.toString(vcpu.max()));
        kept(out, def, "vcpus");
        if (def.iothreads() != null) {
            out.leaf(1, "iothreads", def.iothreads());
        }
        for (String k : new String[] {"iothreadids", "defaultiothread", "throttlegroups", "cputune", "numatune",
            "resource", "sysinfo", "bootloader", "bootloader_args"}) {
            kept(out, def, k);
        }
        OsXml.format(out, def.os(), def.type());
        typedOrKept(out, def, def.idmap(), "idmap", () -> TuningXml.format(out, def.idmap()));
        typedOrKept(out, def, def.features(), "features", () -> FeaturesXml.format(out, def.features()));
        if (def.cpu() != null) {
            CpuXml.format(out, def.cpu());
        }
        if (def.clock() == null && def.kept("clock") != null) {
            kept(out, def, "clock"); // a clock element put into kept() by code written against the older model
        } else {
            ClockXml.format(out, def.clock());
        }
        out.leaf(1, "on_poweroff", def.onPoweroff() == null ? "destroy" : def.onPoweroff());
        out.leaf(1, "on_reboot", def.onReboot() == null ? "restart" : def.onReboot());
        out.leaf(1, "on_crash", def.onCrash() == null ? "destroy" : def.onCrash());
        kept(out, def, "on_lockfailure");
        typedOrKept(out, def, def.pm(), "pm", () -> TuningXml.format(out, def.pm()));
        kept(out, def, "perf");
        DevicesXml.format(out, def, secure, id < 0);
        for (String k : new String[] {"seclabel", "keywrap", "launchSecurity"}) {
            kept(out, def, k);
        }
        for (XmlElement e : def.kept()) {
            if (e.namespaceUri() != null) {
                out.element(e, 1);
            }
        }
        out.close(0, "domain");
        return out.toString();
    }

    /** Writes the typed element when set, else one a caller put into {@link DomainDef#kept()} (older model). */
    private static void typedOrKept(XmlOut out, DomainDef def, Object typed, String name, Runnable format) {
        if (typed != null) {
            format.run();
        } else {
            kept(out, def, name);
        }
    }

    private static void kept(XmlOut out, DomainDef def, String name) {
        for (XmlElement e : def.kept()) {
            if (e.namespaceUri() == null && e.name().equals(name)) {
                out.element(e, 1);
            }
        }
    }
}
