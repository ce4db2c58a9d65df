package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks and normalises the kept {@code <cputune>} element as libvirt's parser does: scheduler
 * settings are split per vCPU / I/O thread, cache and memory tunes are clamped to existing vCPUs
 * and must not collide.
 */
final class CputuneXml {

    private CputuneXml() {
    }

    static void normalize(XmlElement cputune, int vcpus) {
        List<XmlElement> out = new ArrayList<>();
        TreeMap<Integer, XmlElement> vcpuSched = new TreeMap<>();
        TreeMap<Integer, XmlElement> ioSched = new TreeMap<>();
        List<BitSet> cacheTuneSets = new ArrayList<>();
        List<XmlElement> tunes = new ArrayList<>();
        for (XmlElement c : cputune.children()) {
            switch (c.name()) {
                case "vcpusched" -> split(c, "vcpus", vcpuSched);
                case "iothreadsched" -> split(c, "iothreads", ioSched);
                case "cachetune", "memorytune" -> {
                    XmlElement t = clampTune(c, vcpus);
                    if (t != null) {
                        tunes.add(t);
                    }
                }
                case "vcpupin", "emulatorpin", "iothreadpin" -> {
                    CpuSet.canonicalAttr(c, "cpuset", c.name() + "@cpuset");
                    out.add(c);
                }
                default -> out.add(c);
            }
        }
        for (XmlElement t : tunes) {
            BitSet set = CpuSet.parse(t.attributes().get("vcpus"), t.name() + "@vcpus");
            if (t.name().equals("cachetune")) {
                checkCacheTune(t, set);
                for (BitSet other : cacheTuneSets) {
                    if (other.intersects(set)) {
                        throw ParseContext.xmlError("Overlapping vcpus in cachetunes");
                    }
                }
                cacheTuneSets.add(set);
            } else {
                checkMemoryTune(t, set, cacheTuneSets);
            }
        }
        out.addAll(vcpuSched.values());
        out.addAll(ioSched.values());
        out.addAll(tunes);
        cputune.children().clear();
        cputune.children().addAll(out);
    }

    /** One scheduler element per id, as libvirt stores and writes them. */
    private static void split(XmlElement sched, String attr, TreeMap<Integer, XmlElement> into) {
        String spec = sched.attributes().get(attr);
        if (spec == null) {
            throw ParseContext.xmlError("Missing attribute '" + attr + "' in element '" + sched.name() + "'");
        }
        BitSet set = CpuSet.parse(spec, sched.name() + "@" + attr);
        for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
            if (into.containsKey(i)) {
                throw ParseContext.xmlError(sched.name() + " attributes '" + attr + "' must not overlap");
            }
            XmlElement one = new XmlElement(sched.name());
            String id = Integer.toString(i);
            sched.attributes().forEach((k, v) -> one.attr(k, k.equals(attr) ? id : v));
            into.put(i, one.consumeAll());
        }
    }

    /** Drops vCPUs the domain does not have; a tune left with none is dropped. */
    private static XmlElement clampTune(XmlElement tune, int vcpus) {
        String spec = tune.attributes().get("vcpus");
        if (spec == null) {
            throw ParseContext.xmlError("Missing attribute 'vcpus' in element '" + tune.name() + "'");
        }
        BitSet set = CpuSet.parse(spec, tune.name() + "@vcpus");
        BitSet clamped = set.get(0, vcpus);
        if (clamped.isEmpty()) {
            return null;
        }
        if (!clamped.equals(set)) {
            tune.attr("vcpus", format(clamped));
        }
        if (tune.name().equals("memorytune")) {
            // libvirt writes the bandwidth nodes before the monitors
            List<XmlElement> nodes = new ArrayList<>();
            List<XmlElement> rest = new ArrayList<>();
            for (XmlElement c : tune.children()) {
                (c.name().equals("node") ? nodes : rest).add(c);
            }
            tune.children().clear();
            tune.children().addAll(nodes);
            tune.children().addAll(rest);
        }
        return tune;
    }

    private static void checkCacheTune(XmlElement tune, BitSet vcpus) {
        Set<String> seen = new HashSet<>();
        for (XmlElement c : tune.children()) {
            if (c.name().equals("cache")) {
                String key = c.attributes().get("id") + "/" + c.attributes().get("level");
                String type = c.attributes().get("type");
                String both = key + "/both";
                // the same cache twice, or 'both' next to a code/data split of it, collide
                boolean collides = seen.contains(key + "/" + type) || seen.contains(both)
                    || ("both".equals(type) && seen.stream().anyMatch(s -> s.startsWith(key + "/")));
                seen.add(key + "/" + type);
                if (collides) {
                    // virResctrlAllocUpdateMask's words
                    throw ParseContext.xmlError("Colliding cache allocations for cache level '" + c.attributes().get("level")
                        + "' id '" + c.attributes().get("id") + "', type '" + type + "'");
                }
            } else if (c.name().equals("monitor")) {
                checkMonitor(c, vcpus);
            }
        }
    }

    private static void checkMemoryTune(XmlElement tune, BitSet vcpus, List<BitSet> cacheTunes) {
        Set<String> ids = new HashSet<>();
        for (XmlElement c : tune.children()) {
            if (c.name().equals("node") && !ids.add(c.attributes().get("id"))) {
                // virResctrlAllocSetMemoryBandwidth's words
                throw ParseContext.xmlError("Memory Bandwidth already defined for node " + c.attributes().get("id"));
            } else if (c.name().equals("monitor")) {
                checkMonitor(c, vcpus);
            }
        }
        for (BitSet other : cacheTunes) {
            if (other.intersects(vcpus) && !other.equals(vcpus)) {
                throw ParseContext.xmlError("Overlapping vcpus in memorytune and cachetune");
            }
        }
    }

    private static void checkMonitor(XmlElement monitor, BitSet vcpus) {
        String spec = monitor.attributes().get("vcpus");
        BitSet m = CpuSet.parse(spec == null ? "" : spec, "monitor@vcpus");
        BitSet outside = (BitSet) m.clone();
        outside.andNot(vcpus);
        if (!outside.isEmpty()) {
            throw ParseContext.xmlError("Monitor vcpus conflicts with allocation");
        }
    }

    /** libvirt's bitmap text: ranges joined by commas ("0-1,4"). */
    static String format(BitSet set) {
        return CpuSet.format(set);
    }
}
