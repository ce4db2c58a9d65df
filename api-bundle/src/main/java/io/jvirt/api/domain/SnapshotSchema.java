package io.jvirt.api.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * What libvirt's domainsnapshot.rng refuses of a snapshot's own elements (the parse's VALIDATE
 * flag): unknown or repeated elements, states and locations outside the schema's lists, relative
 * memory files, and in a disk's new image what the schema's file, block and network sources do
 * not list (a startup policy, a network source's security labels). The embedded domains are the
 * domain parser's to check.
 */
final class SnapshotSchema {

    private static final Set<String> TOP = Set.of("name", "description", "state", "creationTime", "memory", "disks",
        "active", "domain", "inactiveDomain", "parent", "cookie");
    private static final Set<String> STATES = Set.of("running", "blocked", "paused", "shutdown", "shutoff", "crashed",
        "disk-snapshot");
    private static final Set<String> LOCAL_SOURCE_CHILDREN = Set.of("seclabel", "slices", "privateData", "encryption");
    private static final Set<String> NETWORK_SOURCE_ATTRS = Set.of("protocol", "name", "query", "tls", "tlsHostname", "index");
    private static final Set<String> NETWORK_SOURCE_CHILDREN = Set.of("host", "snapshot", "config", "auth", "encryption",
        "initiator", "readahead", "timeout", "cookies", "ssl", "reconnect", "knownHosts", "identity", "slices",
        "privateData");

    /** basictypes.rng's absFilePath. */
    private static final java.util.regex.Pattern ABS_FILE_PATH = java.util.regex.Pattern.compile("(/|[a-zA-Z]:\\\\).+",
        java.util.regex.Pattern.DOTALL);
    /** domaincommon.rng's diskTargetDev. */
    private static final java.util.regex.Pattern DISK_TARGET_DEV =
        java.util.regex.Pattern.compile("(ioemu:)?(fd|hd|sd|vd|xvd|ubd)[a-zA-Z0-9_]+");

    private SnapshotSchema() {
    }

    private static boolean absolute(String path) {
        return path != null && ABS_FILE_PATH.matcher(path).matches();
    }

    static void validate(XmlElement root) {
        Set<String> seen = new HashSet<>();
        for (XmlElement c : root.children()) {
            check(c.namespaceUri() == null && TOP.contains(c.name()) && seen.add(c.name()));
            switch (c.name()) {
                case "name", "description", "creationTime" -> check(c.children().isEmpty());
                case "state" -> check(c.children().isEmpty() && STATES.contains(strip(c.text())));
                case "active" -> check(c.children().isEmpty() && Set.of("0", "1").contains(strip(c.text())));
                case "parent" -> check(c.children().size() == 1 && c.children().get(0).name().equals("name")
                    && c.children().get(0).children().isEmpty() && c.attributes().isEmpty());
                case "memory" -> memory(c);
                case "disks" -> {
                    check(c.attributes().isEmpty());
                    c.children().forEach(SnapshotSchema::disk);
                }
                case "domain" -> {
                    if (c.attributes().get("type") == null) {
                        check(c.children().size() == 1 && c.children().get(0).name().equals("uuid"));
                    }
                }
                default -> {
                    // inactiveDomain: the domain parser's; cookie: any content
                }
            }
        }
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    private static void memory(XmlElement m) {
        attrs(m, "snapshot", "file");
        check(m.children().isEmpty());
        String where = m.attributes().get("snapshot");
        String file = m.attributes().get("file");
        if (where != null && (where.equals("no") || where.equals("internal"))) {
            check(file == null);
        } else {
            check((where == null || where.equals("external")) && absolute(file));
        }
    }

    private static void disk(XmlElement d) {
        String name = d.attributes().get("name");
        check(d.name().equals("disk") && name != null && (DISK_TARGET_DEV.matcher(name).matches() || absolute(name)));
        attrs(d, "name", "snapshot", "type");
        String where = d.attributes().get("snapshot");
        if (where != null && !where.equals("external")) {
            check(Set.of("no", "internal", "manual").contains(where) && d.children().isEmpty()
                && d.attributes().get("type") == null);
            return;
        }
        String type = d.attributes().getOrDefault("type", "file");
        Set<String> seen = new HashSet<>();
        for (XmlElement c : d.children()) {
            check(seen.add(c.name()));
            switch (c.name()) {
                case "source" -> source(c, type);
                case "driver" -> {
                    check(!type.equals("network"));
                    driver(c);
                }
                default -> check(false);
            }
        }
        check(type.equals("file") || type.equals("block") || type.equals("network"));
        if (type.equals("network")) {
            check(seen.contains("source"));
        }
    }

    private static void source(XmlElement s, String type) {
        switch (type) {
            case "file" -> {
                attrs(s, "file", "index");
                String file = s.attributes().get("file");
                check(file == null || absolute(file));
                children(s, LOCAL_SOURCE_CHILDREN);
            }
            case "block" -> {
                attrs(s, "dev", "index");
                String dev = s.attributes().get("dev");
                check(absolute(dev));
                children(s, LOCAL_SOURCE_CHILDREN);
            }
            case "network" -> {
                attrs(s, NETWORK_SOURCE_ATTRS.toArray(new String[0]));
                check(s.attributes().get("protocol") != null);
                children(s, NETWORK_SOURCE_CHILDREN);
            }
            default -> check(false);
        }
        for (XmlElement l : s.children()) {
            if (l.name().equals("seclabel")) {
                seclabel(l);
            }
        }
    }

    /** devSeclabel: relabel='no', or labelskip='yes', or labels (relabel='yes' optional). */
    private static void seclabel(XmlElement l) {
        attrs(l, "model", "relabel", "labelskip");
        Map<String, String> a = l.attributes();
        boolean hasLabels = !l.children().isEmpty();
        for (XmlElement c : l.children()) {
            check(c.name().equals("label") && c.children().isEmpty());
        }
        if ("no".equals(a.get("relabel"))) {
            check(a.get("labelskip") == null && !hasLabels);
        } else if (a.get("labelskip") != null) {
            check("yes".equals(a.get("labelskip")) && a.get("relabel") == null && !hasLabels);
        } else {
            check((a.get("relabel") == null || "yes".equals(a.get("relabel"))) && hasLabels);
        }
    }

    private static void driver(XmlElement d) {
        attrs(d, "type");
        for (XmlElement c : d.children()) {
            check(c.name().equals("metadata_cache") && c.attributes().isEmpty());
            for (XmlElement m : c.children()) {
                check(m.name().equals("max_size") && m.children().isEmpty());
                attrs(m, "unit");
            }
        }
    }

    private static void attrs(XmlElement e, String... allowed) {
        List<String> ok = List.of(allowed);
        for (String a : e.attributes().keySet()) {
            check(ok.contains(a));
        }
    }

    private static void children(XmlElement e, Set<String> allowed) {
        for (XmlElement c : e.children()) {
            check(allowed.contains(c.name()));
        }
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new VirtException(ErrorCode.XML_INVALID_SCHEMA, ErrorDomain.DOMAIN_SNAPSHOT,
                "Unable to validate doc against domainsnapshot.rng");
        }
    }
}
