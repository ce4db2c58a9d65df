package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;

import java.util.Comparator;
import java.util.List;

/** Parses and formats {@code <memoryBacking>}, {@code <idmap>} and {@code <pm>}. */
final class TuningXml {

    private TuningXml() {
    }

    // ---- <memoryBacking> ----

    static MemoryBackingDef parseMemoryBacking(XmlElement e) {
        MemoryBackingDef m = new MemoryBackingDef();
        XmlElement huge = e.child("hugepages");
        if (huge != null) {
            m.hugepages(true);
            for (XmlElement p : huge.all("page")) {
                String size = p.get("size");
                if (size == null) {
                    throw ParseContext.xmlError("missing hugepage size");
                }
                long kib = Units.toKiB(size, p.get("unit"), "hugepages/page@size");
                CpuSet.canonicalAttr(p, "nodeset", "hugepages/page@nodeset");
                String nodeset = p.get("nodeset");
                m.pages().add(new MemoryBackingDef.Page(kib, nodeset));
            }
        }
        m.nosharepages(e.child("nosharepages") != null);
        m.locked(e.child("locked") != null);
        XmlElement source = e.child("source");
        if (source != null) {
            m.sourceType(ParseContext.oneOf(source, "type", "anonymous", "file", "memfd"));
        }
        XmlElement access = e.child("access");
        if (access != null) {
            m.accessMode(ParseContext.oneOf(access, "mode", "shared", "private"));
        }
        XmlElement allocation = e.child("allocation");
        if (allocation != null) {
            m.allocationMode(ParseContext.oneOf(allocation, "mode", "immediate", "ondemand"));
            m.allocationThreads(ParseContext.uint(allocation, "threads"));
        }
        m.discard(e.child("discard") != null);
        return m;
    }

    static void format(XmlOut out, MemoryBackingDef m) {
        if (m == null) {
            return;
        }
        XmlOut body = out.child();
        if (m.hugepages()) {
            if (m.pages().isEmpty()) {
                body.open(2, "hugepages").end();
            } else {
                body.open(2, "hugepages").body();
                for (MemoryBackingDef.Page p : m.pages()) {
                    body.open(3, "page").attr("size", p.sizeKiB()).attr("unit", "KiB").attr("nodeset", p.nodeset()).end();
                }
                body.close(2, "hugepages");
            }
        }
        flag(body, "nosharepages", m.nosharepages());
        flag(body, "locked", m.locked());
        if (m.sourceType() != null) {
            body.open(2, "source").attr("type", m.sourceType()).end();
        }
        if (m.accessMode() != null) {
            body.open(2, "access").attr("mode", m.accessMode()).end();
        }
        if (m.allocationMode() != null || m.allocationThreads() != null) {
            body.open(2, "allocation").attr("mode", m.allocationMode()).attr("threads", m.allocationThreads()).end();
        }
        flag(body, "discard", m.discard());
        if (!body.isEmpty()) {
            out.open(1, "memoryBacking");
            out.body(1, "memoryBacking", body);
        }
    }

    private static void flag(XmlOut out, String name, boolean set) {
        if (set) {
            out.open(2, name).end();
        }
    }

    // ---- <idmap> ----

    static IdMapDef parseIdMap(XmlElement e) {
        IdMapDef m = new IdMapDef();
        idmapEntries(e.all("uid"), m.uids());
        idmapEntries(e.all("gid"), m.gids());
        if (m.uids().isEmpty() != m.gids().isEmpty()) {
            throw ParseContext.xmlError("uid and gid should be mapped both");
        }
        if (!m.uids().isEmpty() && (m.uids().get(0).start() != 0 || m.gids().get(0).start() != 0)) {
            throw ParseContext.xmlError("You must map the root user of container");
        }
        return m;
    }

    private static void idmapEntries(List<XmlElement> elements, List<IdMapDef.Entry> into) {
        for (XmlElement x : elements) {
            into.add(new IdMapDef.Entry(idNumber(x, "start"), idNumber(x, "target"), idNumber(x, "count")));
        }
        into.sort(Comparator.comparingLong(IdMapDef.Entry::start));
    }

    private static long idNumber(XmlElement x, String attr) {
        String v = x.get(attr);
        try {
            long n = Long.parseLong(v == null ? "" : v.trim());
            if (n < 0 || n > 0xFFFFFFFFL) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException ex) {
            throw ParseContext.xmlError("invalid idmap " + x.name() + "@" + attr + " '" + v
                + "': start, target and count must be unsigned integers");
        }
    }

    static void format(XmlOut out, IdMapDef m) {
        if (m == null || m.uids().isEmpty() && m.gids().isEmpty()) {
            return;
        }
        out.open(1, "idmap").body();
        for (IdMapDef.Entry u : m.uids()) {
            out.open(2, "uid").attr("start", u.start()).attr("target", u.target()).attr("count", u.count()).end();
        }
        for (IdMapDef.Entry g : m.gids()) {
            out.open(2, "gid").attr("start", g.start()).attr("target", g.target()).attr("count", g.count()).end();
        }
        out.close(1, "idmap");
    }

    // ---- <pm> ----

    static PmDef parsePm(XmlElement e) {
        PmDef pm = new PmDef();
        pm.suspendToMem(enabled(e.child("suspend-to-mem")));
        pm.suspendToDisk(enabled(e.child("suspend-to-disk")));
        return pm;
    }

    private static Boolean enabled(XmlElement e) {
        if (e == null) {
            return null;
        }
        String v = ParseContext.oneOf(e, "enabled", "yes", "no");
        return v == null ? null : "yes".equals(v);
    }

    static void format(XmlOut out, PmDef pm) {
        if (pm == null || pm.suspendToMem() == null && pm.suspendToDisk() == null) {
            return;
        }
        out.open(1, "pm").body();
        if (pm.suspendToMem() != null) {
            out.open(2, "suspend-to-mem").yesNo("enabled", pm.suspendToMem()).end();
        }
        if (pm.suspendToDisk() != null) {
            out.open(2, "suspend-to-disk").yesNo("enabled", pm.suspendToDisk()).end();
        }
        out.close(1, "pm");
    }
}
