package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A snapshot disk's new image, as libvirt's virDomainStorageSourceParse reads it and
 * virDomainDiskSourceFormat writes it back: the type's attributes in libvirt's order, a network
 * source's hosts, snapshot, config and protocol options, then slices, security labels (not for a
 * network source), auth, encryption and reservations.
 */
final class SnapshotSource {

    private static final Set<String> PROTOCOLS = Set.of("nbd", "rbd", "sheepdog", "gluster", "iscsi", "http", "https",
        "ftp", "ftps", "tftp", "ssh", "vxhs", "nfs");
    /** Children of a network source in virDomainDiskSourceFormatNetwork's order. */
    private static final List<String> NETWORK_CHILDREN = List.of("host", "identity", "snapshot", "config", "initiator",
        "ssl", "cookies", "readahead", "timeout", "reconnect", "knownHosts");
    private static final Set<String> COMMON = Set.of("slices", "seclabel", "auth", "encryption", "reservations", "privateData");
    private static final Set<String> HOST_TRANSPORTS = Set.of("tcp", "unix", "rdma");

    private SnapshotSource() {
    }

    /**
     * Reads {@code source} into {@code disk}'s path and canonical source.
     *
     * @param redefine a redefinition's parse (libvirt passes the snapshot's flags to the source parser,
     *                 whose first bit reads as the domain's PARSE_INACTIVE: no labelskip then)
     */
    static void parse(XmlElement source, SnapshotDef.Disk disk, boolean redefine) {
        XmlElement out = new XmlElement("source");
        List<XmlElement> children = new ArrayList<>();
        String path = null;
        boolean network = false;
        switch (disk.type()) {
            case "file" -> {
                path = nonEmpty(source.get("file"));
                out.attr("file", path).attr("fdgroup", source.get("fdgroup"));
            }
            case "block" -> {
                path = nonEmpty(source.get("dev"));
                out.attr("dev", path);
            }
            case "network" -> {
                network = true;
                path = network(source, out, children);
            }
            default -> {
                // nvme, vhostuser: kept as written
                source.consumeAll();
                source.attributes().forEach(out::attr);
                for (XmlElement c : source.children()) {
                    if (!COMMON.contains(c.name())) {
                        children.add(c.copy());
                    }
                }
            }
        }
        for (XmlElement c : source.all("slices")) {
            children.add(c.copy());
        }
        List<XmlElement> labels = seclabels(source, !redefine);
        if (!network) {
            children.addAll(labels);
        }
        for (String name : List.of("auth", "encryption", "reservations")) {
            XmlElement c = source.child(name);
            if (c != null) {
                children.add(c.copy());
            }
        }
        children.forEach(out::add);
        disk.path(path);
        disk.source(out);
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** virDomainDiskSourceNetworkParse; returns the source's path (its name). */
    private static String network(XmlElement source, XmlElement out, List<XmlElement> children) {
        String protocol = source.get("protocol");
        if (protocol == null) {
            throw ParseContext.xmlError("Missing required attribute 'protocol' in element 'source'");
        }
        if (!PROTOCOLS.contains(protocol)) {
            throw ParseContext.xmlError("Invalid value for attribute 'protocol' in element 'source': '" + protocol + "'.");
        }
        String name = source.get("name");
        if (name == null && !protocol.equals("nbd")) {
            throw ParseContext.xmlError("missing name for disk source");
        }
        if (name != null && (protocol.equals("gluster") || protocol.equals("rbd"))) {
            int slash = name.indexOf('/');
            if (slash <= 0) {
                throw ParseContext.xmlError("can't split path '" + name + "' into pool name and image name");
            }
        }
        String tls = source.get("tls");
        if (tls != null && !tls.equals("yes") && !tls.equals("no")) {
            throw ParseContext.xmlError("Invalid value for attribute 'tls' in element 'source': '" + tls + "'.");
        }
        out.attr("protocol", protocol).attr("name", name);
        if (protocol.equals("http") || protocol.equals("https")) {
            out.attr("query", source.get("query"));
        }
        out.attr("tls", tls).attr("tlsHostname", source.get("tlsHostname"));
        for (String child : NETWORK_CHILDREN) {
            for (XmlElement c : source.all(child)) {
                XmlElement copy = c.copy();
                if (child.equals("host")) {
                    String transport = copy.attributes().get("transport");
                    if (transport != null && !HOST_TRANSPORTS.contains(transport)) {
                        throw ParseContext.xmlError("unknown protocol transport type '" + transport + "'");
                    }
                }
                children.add(copy);
                if (!child.equals("host")) {
                    break;
                }
            }
        }
        return name;
    }

    /** virSecurityDeviceLabelDefParseXML and what virSecurityDeviceLabelDefFormat writes of each label. */
    private static List<XmlElement> seclabels(XmlElement source, boolean readLabelskip) {
        List<XmlElement> out = new ArrayList<>();
        List<String> models = new ArrayList<>();
        for (XmlElement l : source.all("seclabel")) {
            String model = l.get("model");
            if (model != null) {
                if (models.contains(model)) {
                    throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.XML_DETAIL, io.jvirt.api.ErrorDomain.DOMAIN,
                        "seclabel for model " + model + " is already provided");
                }
                models.add(model);
            }
            Boolean relabel = ParseContext.yesNo(l, "relabel");
            boolean skip = readLabelskip && Boolean.TRUE.equals(ParseContext.yesNo(l, "labelskip"));
            String label = l.childText("label");
            if (label != null && label.isEmpty()) {
                label = null;
            }
            if (label != null && Boolean.FALSE.equals(relabel)) {
                throw ParseContext.xmlError("Cannot specify a label if relabelling is turned off. model="
                    + (model == null ? "<null>" : model));
            }
            XmlElement e = new XmlElement("seclabel").attr("model", model);
            if (skip) {
                e.attr("labelskip", "yes");
            } else {
                e.attr("relabel", Boolean.FALSE.equals(relabel) ? "no" : "yes");
            }
            if (label != null) {
                e.add(new XmlElement("label").text(label));
            }
            out.add(e);
        }
        return out;
    }
}
