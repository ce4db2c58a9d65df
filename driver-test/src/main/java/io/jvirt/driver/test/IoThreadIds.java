package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.core.kit.DomainObject;

/**
 * A definition's I/O threads as libvirt keeps them: {@code <iothreadids>} (kept as parsed) lists
 * the ids in order, {@code <iothreads>} their number. Ids are unsigned and at least 1.
 */
final class IoThreadIds {

    private IoThreadIds() {
    }

    /** The ids of {@code <iothreadids>}, in order. */
    static List<Integer> ids(DomainDef def) {
        List<Integer> out = new ArrayList<>();
        XmlElement ids = def.kept("iothreadids");
        if (ids != null) {
            for (XmlElement c : ids.children()) {
                String id = c.attributes().get("id");
                if (c.name().equals("iothread") && id != null) {
                    out.add(Integer.parseUnsignedInt(id.trim()));
                }
            }
        }
        return out;
    }

    static boolean has(DomainDef def, int id) {
        return ids(def).contains(id);
    }

    /** virDomainIOThreadIDAdd: appended, the count follows. */
    static void add(DomainDef def, int id) {
        XmlElement ids = def.kept("iothreadids");
        if (ids == null) {
            ids = new XmlElement("iothreadids");
            def.kept().add(ids);
        }
        ids.add(new XmlElement("iothread").attr("id", Integer.toUnsignedString(id)));
        def.iothreads(ids(def).size());
    }

    /** virDomainIOThreadIDDel: the id, its pin, and the count; no {@code <iothreads>} when none is left. */
    static void remove(DomainDef def, int id) {
        XmlElement ids = def.kept("iothreadids");
        if (ids != null) {
            ids.children().removeIf(c -> c.name().equals("iothread")
                && Integer.toUnsignedString(id).equals(trim(c.attributes().get("id"))));
            if (ids.children().isEmpty()) {
                def.kept().remove(ids);
            }
        }
        IoThreadPins.remove(def, id);
        int n = ids(def).size();
        def.iothreads(n == 0 ? null : n);
    }

    /**
     * libvirt's post-parse of {@code <iothreads>N</iothreads>}: when fewer ids are listed, the
     * lowest unused ids from 1 are added after them, so that the definition has N.
     */
    static void fillIds(DomainDef def) {
        Integer n = def.iothreads();
        List<Integer> ids = ids(def);
        if (n == null || n <= ids.size()) {
            return;
        }
        for (int next = 1; ids.size() < n; next++) {
            if (!ids.contains(next)) {
                add(def, next);
                ids.add(next);
            }
        }
        def.iothreads(n);
    }

    /** testParseDomains: a node file's domain gets default polling parameters for each of its threads. */
    static void fillPolls(DomainObject<TestRuntime> dom) {
        for (int id : ids(dom.def())) {
            dom.runtime().ioThreadPolls().add(id);
        }
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
