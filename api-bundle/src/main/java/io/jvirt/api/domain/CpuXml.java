package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;

import java.util.Set;

/** Parses and formats {@code <cpu>}. */
final class CpuXml {

    private static final Set<String> KEPT = Set.of("cache", "maxphysaddr", "numa", "signature");

    private CpuXml() {
    }

    static CpuDef parse(XmlElement e) {
        CpuDef cpu = new CpuDef();
        cpu.mode(ParseContext.oneOf(e, "mode", "custom", "host-model", "host-passthrough", "maximum"));
        cpu.match(ParseContext.oneOf(e, "match", "minimum", "exact", "strict"));
        cpu.check(ParseContext.oneOf(e, "check", "none", "partial", "full"));
        // virXMLPropTristateSwitch: on/off only, and only for the modes that pass the host's CPU through
        String migratable = CharSourceXml.onOff(e, "migratable");
        if (migratable != null && !"host-passthrough".equals(cpu.mode()) && !"maximum".equals(cpu.mode())) {
            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.CONFIG_UNSUPPORTED, io.jvirt.api.ErrorDomain.DOMAIN,
                "Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode");
        }
        cpu.migratable(migratable == null ? null : "on".equals(migratable));
        XmlElement model = e.child("model");
        if (model != null) {
            cpu.model(model.text() == null ? null : model.text().strip());
            cpu.modelFallback(ParseContext.oneOf(model, "fallback", "allow", "forbid"));
            cpu.modelVendorId(model.get("vendor_id"));
        }
        String vendor = e.childText("vendor");
        cpu.vendor(vendor == null ? null : vendor.strip());
        XmlElement topo = e.child("topology");
        if (topo != null) {
            cpu.sockets(positive(topo, "sockets"));
            cpu.dies(positive(topo, "dies"));
            cpu.clusters(positive(topo, "clusters"));
            cpu.cores(positive(topo, "cores"));
            cpu.threads(positive(topo, "threads"));
            // libvirt fills the newer levels with 1 so old definitions keep their meaning
            if (cpu.dies() == null) {
                cpu.dies(1);
            }
            if (cpu.clusters() == null) {
                cpu.clusters(1);
            }
        }
        for (XmlElement f : e.all("feature")) {
            String policy = ParseContext.oneOf(f, "policy", "force", "require", "optional", "disable", "forbid");
            if (policy == null && (cpu.mode() == null || "custom".equals(cpu.mode()) || model != null)) {
                policy = "require";
            }
            cpu.features().add(new CpuDef.CpuFeature(policy, ParseContext.required(f, "name")));
        }
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && KEPT.contains(c.name())) {
                if (c.name().equals("numa")) {
                    for (XmlElement cell : c.all("cell")) {
                        CpuSet.canonicalAttr(cell, "cpus", "numa/cell@cpus");
                        canonicalCellMemory(cell);
                    }
                }
                cpu.kept().add(c.consumeAll());
            }
        }
        return cpu;
    }

    /**
     * A NUMA cell's size as libvirt writes it (virDomainNumaDefFormatXML): in KiB, with
     * {@code unit='KiB'}, its attributes in libvirt's order (id, cpus, memory, unit, memAccess, discard).
     */
    private static void canonicalCellMemory(XmlElement cell) {
        String memory = cell.attributes().get("memory");
        if (memory == null) {
            return;
        }
        long kib = Units.toKiB(memory, cell.attributes().get("unit"), "numa/cell@memory");
        java.util.Map<String, String> was = new java.util.LinkedHashMap<>(cell.attributes());
        for (String name : was.keySet()) {
            cell.attr(name, null);
        }
        cell.attr("id", was.get("id"));
        cell.attr("cpus", was.get("cpus"));
        cell.attr("memory", Long.toString(kib));
        cell.attr("unit", "KiB");
        was.keySet().removeAll(java.util.List.of("id", "cpus", "memory", "unit"));
        was.forEach(cell::attr);
    }

    private static Integer positive(XmlElement e, String attr) {
        Integer v = ParseContext.uint(e, attr);
        if (v != null && v == 0) {
            throw ParseContext.xmlError("Invalid '" + attr + "' value in CPU topology");
        }
        return v;
    }

    static void format(XmlOut out, CpuDef cpu) {
        String mode = cpu.mode() == null ? "custom" : cpu.mode();
        boolean custom = "custom".equals(mode);
        out.open(1, "cpu");
        if (!custom || cpu.model() != null) {
            out.attr("mode", mode);
        }
        if (custom && cpu.model() != null) {
            out.attr("match", cpu.match() == null ? "exact" : cpu.match());
        } else if (!custom) {
            out.attr("match", cpu.match());
        }
        out.attr("check", cpu.check()).attr("migratable", cpu.migratable() == null ? null : cpu.migratable() ? "on" : "off");
        XmlOut body = out.child();
        if (cpu.model() != null || cpu.modelFallback() != null || cpu.modelVendorId() != null) {
            body.open(2, "model").attr("fallback", cpu.modelFallback()).attr("vendor_id", cpu.modelVendorId());
            if (cpu.model() == null) {
                body.end();
            } else {
                body.text("model", cpu.model());
            }
        }
        body.leaf(2, "vendor", cpu.vendor());
        if (cpu.sockets() != null || cpu.cores() != null || cpu.threads() != null) {
            body.open(2, "topology").attr("sockets", cpu.sockets()).attr("dies", cpu.dies())
                .attr("clusters", cpu.clusters()).attr("cores", cpu.cores()).attr("threads", cpu.threads()).end();
        }
        body.elements(cpu.kept(), "cache", 2);
        body.elements(cpu.kept(), "maxphysaddr", 2);
        body.elements(cpu.kept(), "signature", 2);
        for (CpuDef.CpuFeature f : cpu.features()) {
            body.open(2, "feature").attr("policy", f.policy()).attr("name", f.name()).end();
        }
        body.elements(cpu.kept(), "numa", 2);
        out.body(1, "cpu", body);
    }
}
