package io.jvirt.api.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.xml.SafeXmlReader;

/**
 * libvirt's checkpoint XML (src/conf/checkpoint_conf.c): {@link #parse} is
 * virDomainCheckpointDefParseString for a new checkpoint (name, description and disk requests;
 * parent, creation time and domain belong to a redefinition), {@link #alignDisks} is
 * virDomainCheckpointAlignDisks, {@link #format} virDomainCheckpointDefFormat.
 *
 * @since 0.9.0
 */
public final class CheckpointXml {

    private static final String DOCUMENT = "(domain_checkpoint)";

    private CheckpointXml() {
    }

    /**
     * Reads a new checkpoint's XML; a checkpoint without a name is named by its creation time in
     * seconds, as virDomainMomentDefPostParse names it.
     *
     * @param now the creation time, seconds since the epoch
     */
    public static CheckpointDef parse(String xml, long now) {
        XmlElement root = SafeXmlReader.read(xml, DOCUMENT);
        if (!root.name().equals("domaincheckpoint")) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN_CHECKPOINT,
                "expecting root element of 'domaincheckpoint', not '" + root.name() + "'");
        }
        CheckpointDef def = new CheckpointDef();
        String name = root.childText("name");
        def.name(name == null || name.isEmpty() ? Long.toString(now) : name);
        def.description(root.childText("description"));
        def.creationTime(now);
        XmlElement disks = root.child("disks");
        if (disks != null) {
            for (XmlElement d : disks.children()) {
                String diskName = d.get("name");
                if (!d.name().equals("disk") || diskName == null) {
                    // domaincheckpoint.rng: <disks> holds <disk name='...'/> only
                    throw new VirtException(ErrorCode.XML_INVALID_SCHEMA, ErrorDomain.DOMAIN_CHECKPOINT,
                        "Unable to validate doc against domaincheckpoint.rng");
                }
                String type = d.get("checkpoint");
                CheckpointDef.DiskCheckpoint t;
                if (type == null || type.equals("bitmap")) {
                    t = CheckpointDef.DiskCheckpoint.BITMAP;
                } else if (type.equals("no")) {
                    t = CheckpointDef.DiskCheckpoint.NO;
                } else {
                    throw new VirtException(ErrorCode.XML_INVALID_SCHEMA, ErrorDomain.DOMAIN_CHECKPOINT,
                        "Unable to validate doc against domaincheckpoint.rng");
                }
                def.disks().add(new CheckpointDef.Disk(diskName, t, d.get("bitmap")));
            }
        }
        return def;
    }

    /**
     * Reads a redefined checkpoint's XML (VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE): name and creation
     * time required, parent, disks and the domain (read by {@code domainParser}, the driver's
     * parser) as written.
     *
     * @since 0.13.0
     */
    public static CheckpointDef parseRedefine(String xml, java.util.function.Function<String, DomainDef> domainParser) {
        XmlElement root = SafeXmlReader.read(xml, DOCUMENT);
        String name = root.childText("name");
        if (root.name().equals("domaincheckpoint") && (name == null || name.isEmpty())) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN_CHECKPOINT, "a redefined checkpoint must have a name");
        }
        CheckpointDef def = parse(xml, 0);
        String created = root.childText("creationTime");
        try {
            def.creationTime(Long.parseLong(created == null ? "" : created.trim()));
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN_CHECKPOINT,
                "missing creationTime from existing checkpoint");
        }
        XmlElement parent = root.child("parent");
        String p = parent == null ? null : parent.childText("name");
        def.parentName(p == null || p.isEmpty() ? null : p);
        XmlElement dom = root.child("domain");
        if (dom != null && !dom.children().isEmpty()) {
            def.domain(domainParser.apply(dom.toString()));
        }
        return def;
    }

    /**
     * virDomainCheckpointAlignDisks: one request per disk of the checkpoint's domain, in the
     * domain's order; without requests every writable disk gets a bitmap, with requests the others
     * none; empty or read-only disks never; bitmaps default to the checkpoint's name.
     */
    public static void alignDisks(CheckpointDef def) {
        DomainDef dom = def.domain();
        if (dom == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN_CHECKPOINT, "missing domain in checkpoint");
        }
        List<DiskDef> domDisks = dom.disks();
        if (def.disks().size() > domDisks.size()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_CHECKPOINT,
                "too many disk checkpoint requests for domain");
        }
        if (domDisks.isEmpty()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_CHECKPOINT,
                "domain must have at least one disk to perform checkpoints");
        }
        CheckpointDef.DiskCheckpoint fallback = def.disks().isEmpty() ? CheckpointDef.DiskCheckpoint.BITMAP
            : CheckpointDef.DiskCheckpoint.NO;
        Map<String, CheckpointDef.Disk> requested = new HashMap<>();
        for (CheckpointDef.Disk c : def.disks()) {
            DiskDef d = diskByName(dom, c.name());
            if (d == null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_CHECKPOINT, "no disk named '" + c.name() + "'");
            }
            if (requested.putIfAbsent(d.targetDev(), c) != null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_CHECKPOINT,
                    "disk '" + c.name() + "' specified twice");
            }
            if (emptyOrReadonly(d) && c.type() != CheckpointDef.DiskCheckpoint.NO) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN_CHECKPOINT,
                    "disk '" + c.name() + "' is empty or readonly");
            }
            c.name(d.targetDev());
        }
        def.disks().clear();
        for (DiskDef d : domDisks) {
            CheckpointDef.Disk c = requested.get(d.targetDev());
            if (c == null) {
                c = new CheckpointDef.Disk(d.targetDev(), emptyOrReadonly(d) ? CheckpointDef.DiskCheckpoint.NO : fallback, null);
            }
            if (c.type() == CheckpointDef.DiskCheckpoint.BITMAP && c.bitmap() == null) {
                c.bitmap(def.name());
            }
            def.disks().add(c);
        }
    }

    /** virDomainDiskByName: by target, or by source path. */
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

    private static boolean emptyOrReadonly(DiskDef d) {
        return !d.hasSource() || d.readonly();
    }

    /**
     * virDomainCheckpointDefFormat.
     *
     * @param noDomain leave the domain out (VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN)
     * @param sizes    write the bitmaps' sizes where known (VIR_DOMAIN_CHECKPOINT_XML_SIZE)
     * @param secure   write the domain's secrets
     */
    public static String format(CheckpointDef def, boolean noDomain, boolean sizes, boolean secure) {
        StringBuilder b = new StringBuilder("<domaincheckpoint>\n");
        b.append("  <name>").append(XmlEscape.text(def.name())).append("</name>\n");
        if (def.description() != null) {
            b.append("  <description>").append(XmlEscape.text(def.description())).append("</description>\n");
        }
        if (def.parentName() != null) {
            b.append("  <parent>\n    <name>").append(XmlEscape.text(def.parentName())).append("</name>\n  </parent>\n");
        }
        if (def.creationTime() != 0) {
            b.append("  <creationTime>").append(def.creationTime()).append("</creationTime>\n");
        }
        if (!def.disks().isEmpty()) {
            b.append("  <disks>\n");
            for (CheckpointDef.Disk d : def.disks()) {
                if (d.name() == null) {
                    continue;
                }
                b.append("    <disk name='").append(XmlEscape.attribute(d.name())).append('\'');
                if (d.type() != CheckpointDef.DiskCheckpoint.DEFAULT) {
                    b.append(" checkpoint='").append(d.type().word()).append('\'');
                }
                if (d.bitmap() != null) {
                    b.append(" bitmap='").append(XmlEscape.attribute(d.bitmap())).append('\'');
                    if (sizes && d.size() != null) {
                        b.append(" size='").append(Long.toUnsignedString(d.size())).append('\'');
                    }
                }
                b.append("/>\n");
            }
            b.append("  </disks>\n");
        }
        if (def.domain() != null && !noDomain) {
            // the domain as an inactive definition, indented one level
            for (String line : DomainXml.format(def.domain(), -1, secure).split("\n")) {
                b.append("  ").append(line).append('\n');
            }
        }
        return b.append("</domaincheckpoint>\n").toString();
    }
}
