package io.jvirt.api.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.xml.SafeXmlReader;

/**
 * libvirt's snapshot XML (src/conf/snapshot_conf.c): {@link #parse} is
 * virDomainSnapshotDefParseString with the parse flags and driver callbacks of {@link Options}
 * (a redefinition also carries state, parent, creation time and the domains), {@link #alignDisks}
 * virDomainSnapshotAlignDisks as the test driver and QEMU call it, {@link #format}
 * virDomainSnapshotDefFormat. Checked against libvirt's qemudomainsnapshotxml2xmltest vectors.
 *
 * @since 0.13.0
 */
public final class SnapshotXml {

    private static final String DOCUMENT = "(domain_snapshot)";
    /** virDomainSnapshotState's words, by libvirt's number. */
    private static final List<String> STATES = List.of("nostate", "running", "blocked", "paused", "shutdown", "shutoff",
        "crashed", "pmsuspended", "disk-snapshot");
    private static final Set<String> LOCATIONS = Set.of("no", "internal", "external", "manual");
    /** virStorageType's words but none. */
    private static final Set<String> STORAGE_TYPES = Set.of("file", "block", "dir", "network", "volume", "nvme",
        "vhostuser", "vhostvdpa");
    /** virStorageFileFormat's words but none. */
    private static final Set<String> FORMATS = Set.of("raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat",
        "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk");

    /**
     * A driver's save cookie (virSaveCookieCallbacks): what it keeps of a snapshot's
     * {@code <cookie>} and writes back inside it.
     *
     * @since 0.14.0
     */
    @FunctionalInterface
    public interface SaveCookie {
        /**
         * Reads {@code <cookie>}; returns its content as the driver writes it back, one element per
         * line without indentation ("" for none).
         */
        String parse(XmlElement cookie);
    }

    /**
     * QEMU's save cookie (qemuDomainSaveCookieParse/Format): the guest CPU the domain ran with and
     * whether its slirp helper was usable.
     *
     * @since 0.14.0
     */
    public static final SaveCookie QEMU_SAVE_COOKIE = cookie -> {
        StringBuilder b = new StringBuilder();
        XmlElement cpu = cookie.child("cpu");
        if (cpu != null) {
            io.jvirt.api.xml.XmlOut out = new io.jvirt.api.xml.XmlOut();
            CpuXml.format(out, CpuXml.parse(cpu));
            for (String line : out.toString().split("\n")) {
                b.append(line.startsWith("  ") ? line.substring(2) : line).append('\n');
            }
        }
        if (cookie.child("slirpHelper") != null) {
            b.append("<slirpHelper/>\n");
        }
        return b.toString();
    };

    /**
     * How to read a snapshot's XML: libvirt's parse flags (virDomainSnapshotParseFlags) and the
     * driver's callbacks (its domain parser, the moment post-parse, its save cookie).
     *
     * @since 0.14.0
     */
    public static final class Options {
        private final Function<String, DomainDef> domainParser;
        private boolean redefine;
        private boolean internal;
        private boolean offline;
        private boolean validate;
        private Consumer<SnapshotDef> postParse;
        private SaveCookie saveCookie;

        /** @param domainParser reads a redefinition's {@code <domain>} and {@code <inactiveDomain>} (the driver's parser) */
        public Options(Function<String, DomainDef> domainParser) {
            this.domainParser = domainParser;
        }

        /** VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE: name, state and creation time required; parent and domains read. */
        public Options redefine(boolean redefine) {
            this.redefine = redefine;
            return this;
        }

        /** VIR_DOMAIN_SNAPSHOT_PARSE_INTERNAL: {@code <active>} required, read into {@link SnapshotDef#current()}. */
        public Options internal(boolean internal) {
            this.internal = internal;
            return this;
        }

        /** VIR_DOMAIN_SNAPSHOT_PARSE_OFFLINE: the domain is shut off (no memory state, no cookie). */
        public Options offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** VIR_DOMAIN_SNAPSHOT_PARSE_VALIDATE: refuse what libvirt's domainsnapshot.rng refuses. */
        public Options validate(boolean validate) {
            this.validate = validate;
            return this;
        }

        /**
         * The moment post-parse of a new snapshot (virDomainXMLOptionRunMomentPostParse); null for
         * none. It may refuse the snapshot by throwing.
         */
        public Options postParse(Consumer<SnapshotDef> postParse) {
            this.postParse = postParse;
            return this;
        }

        /** libvirt's default post-parse (virDomainMomentDefPostParse): created now, named by that time when nameless. */
        public Options now(long now) {
            return postParse(def -> {
                def.creationTime(now);
                if (def.name() == null) {
                    def.name(Long.toString(now));
                }
            });
        }

        /** The driver's save cookie; null (the default) ignores {@code <cookie>}. */
        public Options saveCookie(SaveCookie saveCookie) {
            this.saveCookie = saveCookie;
            return this;
        }
    }

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
        return parse(xml, new Options(domainParser).now(now).redefine(redefine));
    }

    /**
     * virDomainSnapshotDefParseString with the parse flags and the driver's callbacks of
     * {@code options}.
     *
     * @since 0.14.0
     */
    public static SnapshotDef parse(String xml, Options options) {
        XmlElement root = SafeXmlReader.read(xml, DOCUMENT);
        if (!root.name().equals("domainsnapshot")) {
            throw xmlError("expecting root element of 'domainsnapshot', not '" + root.name() + "'");
        }
        if (options.validate) {
            SnapshotSchema.validate(root);
        }
        boolean redefine = options.redefine;
        SnapshotDef def = new SnapshotDef();
        def.name(text(root, "name"));
        if (def.name() == null && redefine) {
            throw xmlError("a redefined snapshot must have a name");
        }
        def.description(text(root, "description"));
        boolean offline = options.offline;
        if (redefine) {
            String created = text(root, "creationTime");
            try {
                def.creationTime(Long.parseLong(created == null ? "" : created.strip()));
            } catch (NumberFormatException e) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN_SNAPSHOT,
                    "missing creationTime from existing snapshot");
            }
            XmlElement parent = root.child("parent");
            if (parent != null) {
                def.parentName(text(parent, "name"));
            }
            String state = text(root, "state");
            if (state == null) {
                throw xmlError("missing state from existing snapshot");
            }
            if (!STATES.contains(state) || state.equals("nostate")) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "Invalid state '" + state + "' in domain snapshot XML");
            }
            def.state(state);
            offline = state.equals("shutoff") || state.equals("disk-snapshot");
            XmlElement dom = root.child("domain");
            // an older snapshot's <domain> with only a UUID (no type) is no definition: libvirt reads none
            if (dom != null && dom.get("type") != null && !dom.get("type").isEmpty()) {
                def.domain(options.domainParser.apply(dom.toString()));
            }
            XmlElement inactive = root.child("inactiveDomain");
            if (inactive != null) {
                String text = inactive.toString();
                text = "<domain" + text.substring("<inactiveDomain".length());
                if (text.endsWith("</inactiveDomain>\n")) {
                    text = text.substring(0, text.length() - "</inactiveDomain>\n".length()) + "</domain>\n";
                }
                def.inactiveDomain(options.domainParser.apply(text));
            }
        } else if (options.postParse != null) {
            options.postParse.accept(def);
        }
        parseMemory(root, def, redefine, offline);
        XmlElement disks = root.child("disks");
        if (disks != null) {
            for (XmlElement d : disks.children()) {
                def.disks().add(parseDisk(d, redefine, options.internal));
            }
        }
        if (options.internal) {
            String active = text(root, "active");
            try {
                def.current(Integer.parseInt(active == null ? "" : active.strip()) != 0);
            } catch (NumberFormatException e) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN_SNAPSHOT, "Could not find 'active' element");
            }
        }
        XmlElement cookie = root.child("cookie");
        if (!offline && cookie != null && options.saveCookie != null) {
            def.cookie(options.saveCookie.parse(cookie));
        }
        return def;
    }

    /** virXPathString: an element's text, null when absent or empty. */
    private static String text(XmlElement e, String child) {
        String t = e.childText(child);
        return t == null || t.isEmpty() ? null : t;
    }

    private static void parseMemory(XmlElement root, SnapshotDef def, boolean redefine, boolean offline) {
        XmlElement memory = root.child("memory");
        String where = null;
        String file = null;
        if (memory != null) {
            file = memory.get("file");
            where = location(memory, "memory");
            if ("manual".equals(where)) {
                throw xmlError("'manual' memory snapshot mode not supported");
            }
        }
        if (where == null) {
            if (file != null) {
                where = "external";
            } else if (redefine) {
                where = offline ? "no" : "internal";
            }
        }
        if (file != null && !"external".equals(where)) {
            throw xmlError("memory filename '" + file + "' requires external snapshot");
        }
        if (file == null && "external".equals(where)) {
            throw xmlError("external memory snapshots require a filename");
        }
        if (offline && where != null && !where.equals("no")) {
            throw xmlError("memory state cannot be saved with offline or disk-only snapshot");
        }
        if (file != null && !file.startsWith("/")) {
            throw xmlError("memory snapshot file path (" + file + ") must be absolute");
        }
        def.memory(where);
        def.memoryFile(file);
    }

    /** virXMLPropEnumDefault of a snapshot location (VIR_XML_PROP_NONZERO): null when absent. */
    private static String location(XmlElement e, String element) {
        String v = e.get("snapshot");
        if (v != null && !LOCATIONS.contains(v)) {
            throw xmlError("Invalid value for attribute 'snapshot' in element '" + element + "': '" + v + "'.");
        }
        return v;
    }

    /** virDomainSnapshotDiskDefParseXML. */
    private static SnapshotDef.Disk parseDisk(XmlElement d, boolean redefine, boolean internal) {
        String diskName = d.get("name");
        if (diskName == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN_SNAPSHOT, "missing name from disk snapshot element");
        }
        SnapshotDef.Disk disk = new SnapshotDef.Disk(diskName, location(d, d.name()), null);
        String type = d.get("type");
        if (type != null) {
            if (!STORAGE_TYPES.contains(type)) {
                throw xmlError("Invalid value for attribute 'type' in element '" + d.name() + "': '" + type + "'.");
            }
            if (type.equals("volume") || type.equals("dir")) {
                throw xmlError("unsupported disk snapshot type '" + type + "'");
            }
            disk.type(type);
        }
        if (redefine) {
            disk.deleteInProgress(d.child("snapshotDeleteInProgress") != null);
        }
        XmlElement source = d.child("source");
        if (source != null) {
            SnapshotSource.parse(source, disk, internal);
        }
        XmlElement driver = d.child("driver");
        String format = driver == null ? null : driver.get("type");
        if (format != null && !format.isEmpty()) {
            if (!FORMATS.contains(format)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "unknown disk snapshot driver '" + format + "'");
            }
            disk.format(format);
        }
        XmlElement cache = driver == null ? null : driver.child("metadata_cache");
        XmlElement maxSize = cache == null ? null : cache.child("max_size");
        if (maxSize != null) {
            disk.metadataCacheMaxSize(scaled(maxSize));
        }
        String path = disk.path();
        if (path != null && !path.startsWith("/") && Set.of("file", "block", "dir").contains(disk.type())) {
            throw xmlError("disk snapshot image path '" + path + "' must be absolute");
        }
        if (disk.snapshot() == null && (path != null || disk.format() != null)) {
            disk.snapshot("external");
        }
        return disk;
    }

    /** virParseScaledValue with bytes as the default unit (0 is taken, and not written back). */
    private static long scaled(XmlElement e) {
        String v = e.text() == null ? "" : e.text().strip();
        long n;
        try {
            n = Long.parseUnsignedLong(v);
        } catch (NumberFormatException ex) {
            throw xmlError("could not parse value '" + v + "'");
        }
        long scale = Units.scale(e.get("unit"), 1);
        if (n != 0 && Long.compareUnsigned(n, Long.divideUnsigned(-1L, scale)) > 0) {
            throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.DOMAIN_SNAPSHOT, "value too large: " + v + e.get("unit"));
        }
        return n * scale;
    }

    /**
     * virDomainSnapshotAlignDisks with uniform internal snapshots (the test driver's and QEMU's):
     * one entry per disk of the snapshot's domain, in the domain's order, a disk's own snapshot
     * mode or {@code defaultLocation} where the request named none; an internal snapshot's disks
     * all internal (or no where the domain says no); empty drives are not snapshotted; an external
     * disk without a new image is named after its file and the snapshot (regular files only).
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
        // uniform_internal_snapshot: the test driver's and QEMU's alignment; every disk of an internal snapshot takes part
        boolean requireMatch = "internal".equals(defaultLocation);
        if (domDisks.isEmpty()) {
            return;
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
                String own = d.snapshot();
                s.snapshot(own != null && (!requireMatch || own.equals("no")) ? own : defaultLocation);
            } else if (requireMatch && !s.snapshot().equals(defaultLocation)
                && !(s.snapshot().equals("no") && "no".equals(d.snapshot()))) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "disk '" + s.name() + "' must use snapshot mode '" + defaultLocation + "'");
            }
            if (s.path() != null && !"external".equals(s.snapshot())) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "file '" + s.path() + "' for disk '" + s.name() + "' requires use of external snapshot mode");
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
        assignExternalNames(def, dom, aligned);
        def.disks().clear();
        def.disks().addAll(aligned);
    }

    /**
     * virDomainSnapshotDefAssignExternalNames: an external disk without a new image gets its
     * domain disk's file, suffix dropped, with the snapshot's name as the new suffix; only for a
     * regular file on this host, as libvirt stats it.
     */
    private static void assignExternalNames(SnapshotDef def, DomainDef dom, List<SnapshotDef.Disk> disks) {
        for (int i = 0; i < disks.size(); i++) {
            SnapshotDef.Disk s = disks.get(i);
            if (!"external".equals(s.snapshot()) || s.path() != null) {
                continue;
            }
            if (!"file".equals(s.type())) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "cannot generate external snapshot name for disk '" + s.name() + "' on a '" + s.type() + "' device");
            }
            String orig = dom.disks().get(i).sourcePath();
            if (orig == null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "cannot generate external snapshot name for disk '" + s.name() + "' without source");
            }
            boolean regular;
            try {
                regular = java.nio.file.Files.isRegularFile(java.nio.file.Path.of(orig));
            } catch (java.nio.file.InvalidPathException e) {
                regular = false;
            }
            if (!regular) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                    "source for disk '" + s.name() + "' is not a regular file; refusing to generate external snapshot name");
            }
            int dot = orig.lastIndexOf('.');
            String base = dot >= 0 && orig.indexOf('/', dot) < 0 ? orig.substring(0, dot) : orig;
            String path = base + "." + def.name();
            for (int j = 0; j < i; j++) {
                if (path.equals(disks.get(j).path())) {
                    throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_SNAPSHOT,
                        "cannot generate external snapshot name for disk '" + s.name() + "': collision with disk '"
                            + disks.get(j).name() + "'");
                }
            }
            s.path(path).source(new XmlElement("source").attr("file", path));
        }
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
        return format(def, domainUuid, secure, false, false);
    }

    /**
     * virDomainSnapshotDefFormat with VIR_DOMAIN_SNAPSHOT_FORMAT_INTERNAL ({@code <active>}, 1 when
     * {@code current}, VIR_DOMAIN_SNAPSHOT_FORMAT_CURRENT).
     *
     * @since 0.14.0
     */
    public static String format(SnapshotDef def, String domainUuid, boolean secure, boolean internal, boolean current) {
        StringBuilder b = new StringBuilder("<domainsnapshot>\n");
        if (def.name() != null) {
            b.append("  <name>").append(XmlEscape.text(def.name())).append("</name>\n");
        }
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
            io.jvirt.api.xml.XmlOut out = new io.jvirt.api.xml.XmlOut();
            for (SnapshotDef.Disk d : def.disks()) {
                formatDisk(out, d);
            }
            b.append("  <disks>\n").append(out).append("  </disks>\n");
        }
        if (def.domain() != null) {
            indent(b, DomainXml.format(def.domain(), -1, secure));
        } else if (domainUuid != null) {
            b.append("  <domain>\n    <uuid>").append(domainUuid).append("</uuid>\n  </domain>\n");
        }
        if (def.inactiveDomain() != null) {
            String dom = DomainXml.format(def.inactiveDomain(), -1, secure);
            dom = "<inactiveDomain" + dom.substring("<domain".length());
            int end = dom.lastIndexOf("</domain>");
            if (end >= 0) {
                dom = dom.substring(0, end) + "</inactiveDomain>" + dom.substring(end + "</domain>".length());
            }
            indent(b, dom);
        }
        if (def.cookie() != null) {
            b.append("  <cookie>\n");
            for (String line : def.cookie().split("\n")) {
                if (!line.isEmpty()) {
                    b.append("    ").append(line).append('\n');
                }
            }
            b.append("  </cookie>\n");
        }
        if (internal) {
            b.append("  <active>").append(current ? 1 : 0).append("</active>\n");
        }
        return b.append("</domainsnapshot>\n").toString();
    }

    private static void indent(StringBuilder b, String xml) {
        for (String line : xml.split("\n")) {
            b.append("  ").append(line).append('\n');
        }
    }

    /** virDomainSnapshotDiskDefFormat. */
    private static void formatDisk(io.jvirt.api.xml.XmlOut out, SnapshotDef.Disk d) {
        if (d.name() == null) {
            return;
        }
        out.open(2, "disk").attr("name", d.name()).attr("snapshot", d.snapshot());
        io.jvirt.api.xml.XmlOut body = out.child();
        if (d.deleteInProgress()) {
            body.open(3, "snapshotDeleteInProgress").end();
        }
        if (d.path() != null || d.format() != null) {
            out.attr("type", d.type());
            if (d.format() != null || d.metadataCacheMaxSize() > 0) {
                body.open(3, "driver").attr("type", d.format());
                if (d.metadataCacheMaxSize() > 0) {
                    body.body();
                    body.open(4, "metadata_cache").body();
                    body.open(5, "max_size").attr("unit", "bytes").text("max_size", Long.toString(d.metadataCacheMaxSize()));
                    body.close(4, "metadata_cache");
                    body.close(3, "driver");
                } else {
                    body.end();
                }
            }
            XmlElement source = d.source();
            if (source != null && (!source.attributes().isEmpty() || !source.children().isEmpty())) {
                body.element(source, 3);
            }
        }
        out.body(2, "disk", body);
    }

    private static VirtException xmlError(String message) {
        return new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN_SNAPSHOT, message);
    }
}
