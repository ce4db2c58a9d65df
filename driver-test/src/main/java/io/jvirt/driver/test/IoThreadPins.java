package io.jvirt.driver.test;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jvirt.api.domain.CpuSet;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.XmlElement;

/**
 * I/O thread pinning kept as libvirt formats it: {@code <cputune><iothreadpin iothread='N'
 * cpuset='...'/>}, after the vCPU and emulator pins, in the order of the definition's I/O threads.
 */
final class IoThreadPins {

    /** The {@code <cputune>} children libvirt writes before the I/O thread pins. */
    private static final Set<String> BEFORE = Set.of("shares", "period", "quota", "global_period", "global_quota",
        "emulator_period", "emulator_quota", "iothread_period", "iothread_quota", "vcpupin", "emulatorpin");

    private IoThreadPins() {
    }

    /** The pin of thread {@code id}, or null. */
    static BitSet pin(DomainDef def, int id) {
        XmlElement cputune = def.kept("cputune");
        if (cputune != null) {
            for (XmlElement c : cputune.children()) {
                if (c.name().equals("iothreadpin") && Integer.toUnsignedString(id).equals(attr(c, "iothread"))) {
                    return CpuSet.parse(c.attributes().get("cpuset"));
                }
            }
        }
        return null;
    }

    static void set(DomainDef def, int id, BitSet cpus) {
        Map<Integer, String> pins = pins(def);
        pins.put(id, CpuSet.format(cpus));
        write(def, pins);
    }

    static void remove(DomainDef def, int id) {
        Map<Integer, String> pins = pins(def);
        if (pins.remove(id) != null) {
            write(def, pins);
        }
    }

    private static Map<Integer, String> pins(DomainDef def) {
        Map<Integer, String> pins = new LinkedHashMap<>();
        XmlElement cputune = def.kept("cputune");
        if (cputune != null) {
            for (XmlElement c : cputune.children()) {
                if (c.name().equals("iothreadpin") && attr(c, "iothread") != null) {
                    pins.put(Integer.parseUnsignedInt(attr(c, "iothread")), c.attributes().get("cpuset"));
                }
            }
        }
        return pins;
    }

    private static void write(DomainDef def, Map<Integer, String> pins) {
        XmlElement cputune = def.kept("cputune");
        if (cputune == null) {
            if (pins.isEmpty()) {
                return;
            }
            cputune = new XmlElement("cputune");
            def.kept().add(cputune);
        }
        List<XmlElement> children = cputune.children();
        children.removeIf(c -> c.name().equals("iothreadpin"));
        int at = 0;
        while (at < children.size() && BEFORE.contains(children.get(at).name())) {
            at++;
        }
        for (int id : IoThreadIds.ids(def)) {
            String cpuset = pins.get(id);
            if (cpuset != null) {
                children.add(at++, new XmlElement("iothreadpin").attr("iothread", Integer.toUnsignedString(id)).attr("cpuset", cpuset));
            }
        }
        if (children.isEmpty() && cputune.attributes().isEmpty()) {
            def.kept().remove(cputune);
        }
    }

    private static String attr(XmlElement e, String name) {
        String v = e.attributes().get(name);
        return v == null ? null : v.trim();
    }
}
