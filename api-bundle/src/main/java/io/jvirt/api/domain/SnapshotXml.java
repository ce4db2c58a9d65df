package io.jvirt.api.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.xml.SafeXmlReader;

/**
 * libvirt's snapshot XML (src/conf/snapshot_conf.c): {@link #parse} is
 * virDomainSnapshotDefParseString (a redefinition also carries state, parent, creation time and
 * the domain), {@link #alignDisks} virDomainSnapshotAlignDisks for internal snapshots,
 * {@link #format} virDomainSnapshotDefFormat.
 *
 * @since 0.13.0
 */
public final class SnapshotXml {

    private static final String DOCUMENT = "(domain_snapshot)";
    /** virDomainSnapshotState's words, by libvirt's number. */
    private static final List<String> STATES = List.of("nostate", "running", "blocked", "paused", "shutdown", "shutoff",
        "crashed", "pmsuspended", "disk-snapshot");
    private static final Set<String> LOCATIONS = Set.of("no", "internal", "external", "manual");

    private SnapshotXml() {
    }

    /** The snapshot state word of a domain state number (virDomainSnapshotState shares the domain's numbers). */
    public static String stateWord(int domainState) {
        return domainState >= 0 && domainState < STATES.size() - 1 ? STATES.get(domainState) : "nostate";
    }

    /**
     * Reads a snapshot's XML; a new snapshot without a name is named by its creation time in
     * seconds, as virDomainMomentDefPostParse names it.
     *
     * @param now          the creation time of a new snapshot, seconds since the epoch
     * @param redefine     VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE: name, state and creation time required,
     *                     parent and domain read
     * @param domainParser reads the {@code <domain>} of a redefinition (the driver's parser)
     */
    public static SnapshotDef parse(String xml, long now, boolean redefine, Function<String, DomainDef> domainParser) {
        XmlElement root = SafeXmlReader.read(xml, DOCUMENT);
        if (!root.name().equals("domainsnapshot")) {
            throw xmlError("expecting root element of 'domainsnapshot', not '" + root.name() + "'");
        }
        SnapshotDef def = new SnapshotDef();
        String name = root.childText("name");
        if (name == null || name.isEmpty()) {
            if (redefine) {
                throw xmlError("a redefined snapshot must have a name");
            }
            name = Long.toString(now);
        }
        def.name(name);
        def.description(root.childText("description"));
        def.creationTime(now);
        if (redefine) {
            String created = root.childText("creationTime");
            try {
                def.creationTime(Long.parseLong(created == null ? "" : created.trim()));
            } catch (NumberFormatException e) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN_SNAPSHOT,
                    "missing creationTime from existing snapshot");
            }
            XmlElement parent = root.child("parent");
            if (parent != null) {
                String p = parent.childText("name");
                def.parentName(p == null || p.isEmpty() ? null : p);
            }
            String state = root.childText("state");
            if (state == null) {
                throw xmlError("missing state from existing snapshot");
            }
            if (!STATES.contains(state) || state.equals("nostate")) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "Invalid state '" + state + "' in domain snapshot XML");
            }
            def.state(state);
            XmlElement dom = root.child("domain");
            // an older snapshot's <domain> with only a UUID (no type) is no definition: libvirt reads none
            if (dom != null && dom.get("type") != null) {
                def.domain(domainParser.apply(dom.toString()));
            }
        }
        XmlElement memory = root.child("memory");
        if (memory != null) {
            String where = memory.get("snapshot");
            String file = memory.get("file");
            if (where != null && !LOCATIONS.contains(where)) {
                throw xmlError("unknown memory snapshot setting '" + where + "'");
            }
            if (file != null && where != null && !where.equals("external")) {
                throw xmlError("memory filename '" + file + "' requires external snapshot");
            }
            if (file == null && "external".equals(where)) {
                throw xmlError("external memory snapshots require a filename");
            }
            def.memory(where != null ? where : file != null ? "external" : null);
            def.memoryFile(file);
        }
        XmlElement disks = root.child("disks");
        if (disks != null) {
            for (XmlElement d : disks.children()) {
                String diskName = d.get("name");
                if (!d.name().equals("disk") || diskName == null) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN_SNAPSHOT, "missing name from disk snapshot element");
                }
                String where = d.get("snapshot");
                if (where != null && !LOCATIONS.contains(where)) {
                    throw xmlError("unknown disk snapshot setting '" + where + "'");
                }
                XmlElement source = d.child("source");
                String file = source == null ? null : source.get("file");
                if (where == null && file != null) {
                    where = "external";
                }
                def.disks().add(new SnapshotDef.Disk(diskName, where, file));
            }
        }
        return def;
    }

    /**
     * virDomainSnapshotAlignDisks with internal as the default location: one entry per disk of
     * the snapshot's domain, in the domain's order; empty drives are not snapshotted.
     */
    public static void alignDisks(SnapshotDef def, String defaultLocation) {
        DomainDef dom = def.domain();
        if (dom == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN_SNAPSHOT, "missing domain in snapshot");
        }
        List<DiskDef> domDisks = dom.disks();
        if (def.disks().size() > domDisks.size()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                "too many disk snapshot requests for domain");
        }
        Map<String, SnapshotDef.Disk> requested = new HashMap<>();
        for (SnapshotDef.Disk s : def.disks()) {
            DiskDef d = diskByName(dom, s.name());
            if (d == null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "no disk named '" + s.name() + "'");
            }
            if (requested.putIfAbsent(d.targetDev(), s) != null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "disk '" + s.name() + "' specified twice");
            }
            if (s.snapshot() == null) {
                s.snapshot(d.snapshot() != null ? d.snapshot() : defaultLocation);
            }
            if ("internal".equals(defaultLocation) && "external".equals(s.snapshot())) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "mixing internal and external targets for a snapshot is not yet supported");
            }
            s.name(d.targetDev());
        }
        List<SnapshotDef.Disk> aligned = new java.util.ArrayList<>();
        for (DiskDef d : domDisks) {
            SnapshotDef.Disk s = requested.get(d.targetDev());
            if (s == null) {
                String where = !d.hasSource() ? "no" : d.snapshot() != null ? d.snapshot() : defaultLocation;
                s = new SnapshotDef.Disk(d.targetDev(), where, null);
            }
            aligned.add(s);
        }
        def.disks().clear();
        def.disks().addAll(aligned);
    }

    private static DiskDef diskByName(DomainDef dom, String name) {
        for (DiskDef d : dom.disks()) {
            if (name.equals(d.targetDev())) {
                return d;
            }
        }
        for (DiskDef d : dom.disks()) {
            if (name.equals(d.sourcePath())) {
                return d;
            }
        }
        return null;
    }

    /**
     * virDomainSnapshotDefFormat.
     *
     * @param domainUuid written as a bare {@code <domain><uuid>} when the snapshot has no domain
     * @param secure     write the domain's secrets
     */
    public static String format(SnapshotDef def, String domainUuid, boolean secure) {
        StringBuilder b = new StringBuilder("<domainsnapshot>\n");
        b.append("  <name>").append(XmlEscape.text(def.name())).append("</name>\n");
        if (def.description() != null) {
            b.append("  <description>").append(XmlEscape.text(def.description())).append("</description>\n");
        }
        if (def.state() != null) {
            b.append("  <state>").append(def.state()).append("</state>\n");
        }
        if (def.parentName() != null) {
            b.append("  <parent>\n    <name>").append(XmlEscape.text(def.parentName())).append("</name>\n  </parent>\n");
        }
        if (def.creationTime() != 0) {
            b.append("  <creationTime>").append(def.creationTime()).append("</creationTime>\n");
        }
        if (def.memory() != null) {
            b.append("  <memory snapshot='").append(def.memory()).append('\'');
            if (def.memoryFile() != null) {
                b.append(" file='").append(XmlEscape.attribute(def.memoryFile())).append('\'');
            }
            b.append("/>\n");
        }
        if (!def.disks().isEmpty()) {
            b.append("  <disks>\n");
            for (SnapshotDef.Disk d : def.disks()) {
                b.append("    <disk name='").append(XmlEscape.attribute(d.name())).append('\'');
                if (d.snapshot() != null) {
                    b.append(" snapshot='").append(d.snapshot()).append('\'');
                }
                if (d.file() != null) {
                    b.append(" type='file'>\n      <source file='").append(XmlEscape.attribute(d.file()))
                        .append("'/>\n    </disk>\n");
                } else {
                    b.append("/>\n");
                }
            }
            b.append("  </disks>\n");
        }
        if (def.domain() != null) {
            for (String line : DomainXml.format(def.domain(), -1, secure).split("\n")) {
                b.append("  ").append(line).append('\n');
            }
        } else if (domainUuid != null) {
            b.append("  <domain>\n    <uuid>").append(domainUuid).append("</uuid>\n  </domain>\n");
        }
        return b.append("</domainsnapshot>\n").toString();
    }

    private static VirtException xmlError(String message) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN_SNAPSHOT, message);
    }
}
