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
    /**
     * Children of a network source after its hosts, in virDomainDiskSourceFormatNetwork's order
     * (its HTTP cookies are written only with FORMAT_SECURE, which the snapshot's disks never get).
     */
    private static final List<String> NETWORK_CHILDREN = List.of("identity", "snapshot", "config", "initiator", "ssl",
        "readahead", "timeout", "reconnect", "knownHosts");
    /** virStorageSourceNetworkDefaultPort: a TCP host's port when none is given. */
    private static final java.util.Map<String, Integer> DEFAULT_PORTS = java.util.Map.ofEntries(
        java.util.Map.entry("http", 80), java.util.Map.entry("https", 443), java.util.Map.entry("ftp", 21),
        java.util.Map.entry("ftps", 990), java.util.Map.entry("tftp", 69), java.util.Map.entry("sheepdog", 7000),
        java.util.Map.entry("nbd", 10809), java.util.Map.entry("ssh", 22), java.util.Map.entry("iscsi", 3260),
        java.util.Map.entry("gluster", 24007), java.util.Map.entry("vxhs", 9999));
    private static final Set<String> COMMON = Set.of("slices", "seclabel", "auth", "encryption", "reservations", "privateData");
    private static final Set<String> HOST_TRANSPORTS = Set.of("tcp", "unix", "rdma");

    private SnapshotSource() {
    }

    /**
     * Reads {@code source} into {@code disk}'s path and canonical source.
     *
     * @param internal an internal parse: libvirt passes the snapshot's parse flags to the source
     *                 parser, where PARSE_INTERNAL's bit reads as the domain's PARSE_INACTIVE (no
     *                 labelskip then; REDEFINE's reads as PARSE_STATUS, which adds nothing written)
     */
    static void parse(XmlElement source, SnapshotDef.Disk disk, boolean internal) {
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
        List<XmlElement> labels = seclabels(source, !internal);
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
        Boolean tlsValue = tristate(source, "tls");
        String tls = tlsValue == null ? null : tlsValue ? "yes" : "no";
        out.attr("protocol", protocol).attr("name", name);
        if (protocol.equals("http") || protocol.equals("https")) {
            out.attr("query", source.get("query"));
        }
        out.attr("tls", tls).attr("tlsHostname", source.get("tlsHostname"));
        for (XmlElement h : source.all("host")) {
            children.add(host(h, protocol));
        }
        source.child("cookies");
        for (String child : NETWORK_CHILDREN) {
            XmlElement c = source.child(child);
            if (c != null) {
                children.add(c.copy());
            }
        }
        return name;
    }

    /** virDomainStorageNetworkParseHost, the default port, and the {@code <host>} libvirt writes back. */
    private static XmlElement host(XmlElement h, String protocol) {
        String transport = h.get("transport");
        if (transport != null && !HOST_TRANSPORTS.contains(transport)) {
            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.CONFIG_UNSUPPORTED, io.jvirt.api.ErrorDomain.DOMAIN,
                "unknown protocol transport type '" + transport + "'");
        }
        boolean unix = "unix".equals(transport);
        String socket = h.get("socket");
        if (unix && socket == null) {
            throw ParseContext.xmlError("missing socket for unix transport");
        }
        if (!unix && socket != null) {
            throw ParseContext.xmlError("transport '" + (transport == null ? "(null)" : transport)
                + "' does not support socket attribute");
        }
        XmlElement out = new XmlElement("host");
        if (!unix) {
            String name = h.get("name");
            if (name == null) {
                throw ParseContext.xmlError("missing name for host");
            }
            int port = port(h.get("port"));
            if (port == 0 && (transport == null || transport.equals("tcp"))) {
                port = DEFAULT_PORTS.getOrDefault(protocol, 0);
            }
            out.attr("name", name).attr("port", port == 0 ? null : Integer.toString(port));
        }
        return out.attr("transport", transport == null || transport.equals("tcp") ? null : transport).attr("socket", socket);
    }

    /** virStringParsePort. */
    private static int port(String s) {
        if (s == null) {
            return 0;
        }
        String digits = s.stripLeading();
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        long p;
        try {
            if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            p = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 0 || p > 0xFFFFFFFFL) {
            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.INVALID_ARG, io.jvirt.api.ErrorDomain.DOMAIN,
                "failed to parse port number '" + s + "'");
        }
        if (p > 65535) {
            throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.INVALID_ARG, io.jvirt.api.ErrorDomain.DOMAIN,
                "port '" + s + "' out of range");
        }
        return (int) p;
    }

    /** virXMLPropTristateBool: yes or no. */
    private static Boolean tristate(XmlElement e, String attr) {
        String v = e.get(attr);
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> throw ParseContext.xmlError("Invalid value for attribute '" + attr + "' in element '" + e.name() + "': '"
                + v + "'.");
        };
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
            Boolean relabel = tristate(l, "relabel");
            boolean skip = readLabelskip && Boolean.TRUE.equals(tristate(l, "labelskip"));
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
