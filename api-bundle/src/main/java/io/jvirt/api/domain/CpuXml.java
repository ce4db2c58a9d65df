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
        boolean firstNuma = true;
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && KEPT.contains(c.name())) {
                if (c.name().equals("numa")) {
                    if (firstNuma) {
                        numaCells(c); // libvirt reads ./cpu/numa[1]
                        firstNuma = false;
                    } else {
                        for (XmlElement cell : c.all("cell")) {
                            CpuSet.canonicalAttr(cell, "cpus", "numa/cell@cpus");
                            canonicalCellMemory(cell);
                        }
                    }
                }
                cpu.kept().add(c.consumeAll());
            }
        }
        return cpu;
    }

    /** libvirt's LOCAL_DISTANCE and UNREACHABLE: a NUMA distance's bounds. */
    private static final long LOCAL_DISTANCE = 10;
    private static final long UNREACHABLE = 255;

    /**
     * virDomainNumaDefParseXML: the guest NUMA cells, refused with libvirt's words (none at all, an
     * id that is not a non-negative int or not below the number of cells, a cell given twice, vCPU
     * lists that overlap, a size missing or malformed, a distance that names no cell or is out of
     * range), then in libvirt's layout: by id, each with its id, its size in KiB.
     */
    private static void numaCells(XmlElement numa) {
        java.util.List<XmlElement> cells = numa.all("cell");
        int n = cells.size();
        if (n == 0) {
            throw ParseContext.xmlError("NUMA topology defined without NUMA cells");
        }
        XmlElement[] byId = new XmlElement[n];
        long[] mem = new long[n];
        long[][] distances = new long[n][];
        java.util.BitSet[] masks = new java.util.BitSet[n];
        for (int i = 0; i < n; i++) {
            XmlElement cell = cells.get(i);
            int cur = i;
            String id = cell.get("id");
            if (id != null) {
                Long v = LibvirtNumbers.uip(id);
                if (v == null) {
                    throw ParseContext.xmlError("Invalid value for attribute 'id' in element 'cell': '" + id
                        + "'. Expected non-negative integer value");
                }
                if (v >= n) {
                    throw ParseContext.xmlError("Exactly one 'cell' element per guest NUMA cell allowed, non-contiguous ranges"
                        + " or ranges not starting from 0 are not allowed");
                }
                cur = v.intValue();
            }
            // libvirt knows a cell is taken by its size: a cell of size 0 may be given again (and is then replaced)
            if (mem[cur] != 0) {
                throw ParseContext.xmlError("Duplicate NUMA cell info for cell id '" + cur + "'");
            }
            String cpus = cell.get("cpus");
            if (cpus != null) {
                java.util.BitSet set = CpuSet.parse(cpus); // virBitmapParse's own error (INVALID_ARG)
                if (set.isEmpty()) {
                    cell.attr("cpus", null); // an all-clear list is not kept
                } else {
                    masks[cur] = set;
                    cell.attr("cpus", CpuSet.format(set));
                }
            }
            for (int j = 0; j < n; j++) {
                if (j != cur && masks[j] != null && masks[cur] != null && masks[j].intersects(masks[cur])) {
                    throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.CONFIG_UNSUPPORTED, io.jvirt.api.ErrorDomain.DOMAIN,
                        "NUMA cells " + cur + " and " + j + " have overlapping vCPU ids");
                }
            }
            mem[cur] = cellMemoryKiB(cell);
            cellEnum(cell, "memAccess", "shared", "private");
            cellEnum(cell, "discard", "yes", "no");
            cell.attr("id", Integer.toString(cur));
            cellLayout(cell, mem[cur]);
            // what else a cell has, libvirt does not keep
            for (String a : new java.util.ArrayList<>(cell.attributes().keySet())) {
                if (!Set.of("id", "cpus", "memory", "unit", "memAccess", "discard").contains(a)) {
                    cell.attr(a, null);
                }
            }
            cellDistances(cell, cur, n, distances);
            byId[cur] = cell;
        }
        // libvirt writes its cells by id; a slot left by a replaced cell of size 0 is an empty cell
        java.util.List<XmlElement> children = numa.children();
        int at = children.indexOf(cells.get(0));
        children.removeAll(cells);
        for (int k = 0; k < n; k++) {
            XmlElement cell = byId[k];
            if (cell == null) {
                cell = new XmlElement("cell").attr("id", Integer.toString(k)).attr("memory", "0").attr("unit", "KiB");
            }
            // virNumaDistanceFormat: the distances as the parse completed them, first among the cell's children
            cell.children().removeIf(c -> c.namespaceUri() == null && c.name().equals("distances"));
            if (distances[k] != null) {
                XmlElement d = new XmlElement("distances");
                for (int j = 0; j < n; j++) {
                    if (distances[k][j] != 0) {
                        d.add(new XmlElement("sibling").attr("id", Integer.toString(j)).attr("value", Long.toString(distances[k][j])));
                    }
                }
                cell.children().add(0, d);
            }
            children.add(at + k, cell);
        }
    }

    /**
     * virDomainParseMemory("./@memory", "./@unit", required) of a NUMA cell: the size in KiB,
     * with virParseScaledValue's and virScaleInteger's errors (an empty attribute is a missing one).
     */
    private static long cellMemoryKiB(XmlElement cell) {
        String text = cell.get("memory");
        if (text == null || text.isEmpty()) {
            throw ParseContext.xmlError("missing element or attribute './@memory'");
        }
        Long bytes = LibvirtNumbers.ullp(text);
        if (bytes == null) {
            throw ParseContext.xmlError("Invalid value '" + text + "' for element or attribute './@memory'");
        }
        String unit = cell.get("unit");
        String suffix = unit == null ? "" : unit;
        long scale = 1024;
        if (!suffix.isEmpty()) {
            LibvirtNumbers.Scaled s = LibvirtNumbers.scale(1, suffix);
            if (s.error() != null) {
                throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.INVALID_ARG, io.jvirt.api.ErrorDomain.NONE,
                    "unknown suffix '" + suffix + "'");
            }
            scale = s.value();
        }
        if (bytes != 0 && Long.compareUnsigned(bytes, Long.MAX_VALUE / scale) > 0) {
            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.OVERFLOW, io.jvirt.api.ErrorDomain.NONE,
                "value too large: " + Long.toUnsignedString(bytes) + suffix);
        }
        long b = bytes * scale;
        long kib = b / 1024 + (b % 1024 == 0 ? 0 : 1);
        if (kib >= (Long.MAX_VALUE / 1024 + 1)) {
            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.OVERFLOW, io.jvirt.api.ErrorDomain.DOMAIN,
                "size value too large");
        }
        return kib;
    }

    /**
     * virDomainNumaDefNodeDistanceParseXML for the cell {@code cur} of {@code n}: its refusals, and
     * the distances it records, a row per cell ({@code dist}, 0 for none): the cell's own row (its
     * own distance 10), and the sibling's, where the distance back is the same unless given.
     */
    private static void cellDistances(XmlElement cell, int cur, int n, long[][] dist) {
        XmlElement distances = cell.children().stream()
            .filter(c -> c.namespaceUri() == null && c.name().equals("distances")).findFirst().orElse(null);
        if (distances == null) {
            return;
        }
        java.util.List<XmlElement> siblings = distances.all("sibling");
        if (siblings.isEmpty()) {
            throw ParseContext.xmlError("NUMA distances defined without siblings");
        }
        for (XmlElement s : siblings) {
            long id = siblingUInt(s, "id");
            if (id >= n) {
                throw ParseContext.xmlError("'sibling_id " + (int) id + "' does not refer to a valid cell within NUMA 'cell id "
                    + cur + "'");
            }
            long value = siblingUInt(s, "value");
            if (value < LOCAL_DISTANCE || value > UNREACHABLE || (id == cur && value != LOCAL_DISTANCE)
                || (id != cur && value == LOCAL_DISTANCE)) {
                throw ParseContext.xmlError("'value " + (int) value + "' is invalid for 'sibling id " + (int) id
                    + "' under NUMA 'cell id " + cur + "'");
            }
            int sib = (int) id;
            if (dist[cur] == null) {
                dist[cur] = new long[n];
                dist[cur][cur] = LOCAL_DISTANCE;
            }
            dist[cur][sib] = value;
            if (dist[sib] == null) {
                dist[sib] = new long[n];
                dist[sib][sib] = LOCAL_DISTANCE;
            }
            if (dist[sib][cur] == 0) {
                dist[sib][cur] = value;
            }
        }
    }

    /** virXMLPropEnum / virXMLPropTristateBool (NONZERO) on a NUMA cell: one of {@code values} when present. */
    private static void cellEnum(XmlElement cell, String attr, String... values) {
        String v = cell.get(attr);
        if (v != null && !java.util.Arrays.asList(values).contains(v)) {
            throw ParseContext.xmlError("Invalid value for attribute '" + attr + "' in element 'cell': '" + v + "'.");
        }
    }

    /** virXMLPropUInt(node, attr, 10, VIR_XML_PROP_REQUIRED) on a distance's sibling. */
    private static long siblingUInt(XmlElement sibling, String attr) {
        String v = sibling.get(attr);
        if (v == null) {
            throw ParseContext.xmlError("Missing required attribute '" + attr + "' in element 'sibling'");
        }
        Long n = LibvirtNumbers.uip(v);
        if (n == null) {
            throw ParseContext.xmlError("Invalid value for attribute '" + attr + "' in element 'sibling': '" + v
                + "'. Expected non-negative integer value");
        }
        return n;
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
        cellLayout(cell, Units.toKiB(memory, cell.attributes().get("unit"), "numa/cell@memory"));
    }

    private static void cellLayout(XmlElement cell, long kib) {
        java.util.Map<String, String> was = new java.util.LinkedHashMap<>(cell.attributes());
        for (String name : was.keySet()) {
            cell.attr(name, null);
        }
        cell.attr("id", was.get("id"));
        cell.attr("cpus", was.get("cpus"));
        cell.attr("memory", Long.toString(kib));
        cell.attr("unit", "KiB");
        cell.attr("memAccess", was.get("memAccess"));
        cell.attr("discard", was.get("discard"));
        was.keySet().removeAll(java.util.List.of("id", "cpus", "memory", "unit", "memAccess", "discard"));
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
