package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The host side of a character device as libvirt reads, checks and writes it
 * ({@code virDomainChrSourceDefParseXML}, {@code virDomainChrSourceDefValidate},
 * {@code virDomainChrSourceDefFormat}): shared by serial, parallel, console and channel devices
 * and by the devices that embed a character backend (a passthrough smartcard, a redirdev, an
 * egd rng backend). Each backend type reads only its own attributes; what it does not read is
 * dropped, as libvirt drops it, and what it reads is written back in libvirt's order.
 */
final class CharSourceXml {

    /** libvirt's virDomainChrType names. */
    static final Set<String> TYPES = Set.of("null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp", "tcp",
        "unix", "spicevmc", "spiceport", "nmdm", "qemu-vdagent", "dbus");

    /** libvirt's SERIAL_CHANNEL_NAME_CHARS, for spiceport and dbus channel names. */
    private static final String CHANNEL_NAME_CHARS =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";

    private CharSourceXml() {
    }

    /** The backend type attribute: pty when absent, else one of {@link #TYPES}. */
    static String type(XmlElement holder) {
        String type = holder.get("type");
        if (type == null) {
            return "pty";
        }
        if (!TYPES.contains(type)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "unknown type presented to host for character device: " + type);
        }
        return type;
    }

    /**
     * Reads the {@code <source>} elements of {@code holder} for backend {@code type}: only the
     * attributes and sub-elements that type has, with libvirt's defaults (mode connect).
     *
     * @param seclabels whether a {@code <seclabel>} override may sit in the source (character
     *                  devices only, as in libvirt)
     */
    static List<CharSource> parseSources(XmlElement holder, String type, boolean seclabels) {
        List<XmlElement> sources = holder.all("source");
        List<CharSource> out = new ArrayList<>(2);
        if (sources.isEmpty()) {
            return out;
        }
        if (sources.size() > 1 && !"udp".equals(type)) {
            throw ParseContext.xmlError("only one source element is allowed for character device");
        }
        if (sources.size() > 2) {
            throw ParseContext.xmlError("only two source elements are allowed for character device");
        }
        XmlElement s = sources.get(0);
        CharSource src = new CharSource();
        switch (type) {
            case "file" -> {
                src.path(s.get("path"));
                src.append(onOff(s, "append"));
            }
            case "pty", "dev", "pipe" -> src.path(s.get("path"));
            case "unix" -> {
                src.mode(mode(s));
                src.path(s.get("path"));
                reconnect(s, src);
            }
            case "tcp" -> {
                src.mode(mode(s));
                src.host(s.get("host"));
                src.service(s.get("service"));
                src.tls(yesNo(s, "tls"));
                reconnect(s, src);
            }
            case "udp" -> {
                CharSource connect = null;
                CharSource bind = null;
                for (XmlElement u : sources) {
                    String mode = mode(u);
                    String host = u.get("host");
                    String service = u.get("service");
                    // the first source of each mode that names something wins, as in virDomainChrSourceDefParseUDP
                    if ("connect".equals(mode) && (connect == null || connect.host() == null && connect.service() == null)) {
                        connect = new CharSource().mode("connect").host(host).service(service);
                    } else if ("bind".equals(mode) && (bind == null || bind.host() == null && bind.service() == null)) {
                        bind = new CharSource().mode("bind").host(host).service(service);
                    }
                }
                // libvirt writes the local (bind) end first
                if (bind != null) {
                    out.add(bind);
                }
                if (connect != null) {
                    out.add(connect);
                }
                return out;
            }
            case "spiceport", "dbus" -> src.channel(s.get("channel"));
            case "nmdm" -> {
                src.master(s.get("master"));
                src.slave(s.get("slave"));
            }
            case "qemu-vdagent" -> {
                XmlElement clipboard = s.child("clipboard");
                if (clipboard != null) {
                    src.children().add(new XmlElement("clipboard")
                        .attr("copypaste", requiredYesNo(clipboard, "copypaste")));
                }
                XmlElement mouse = s.child("mouse");
                if (mouse != null) {
                    src.children().add(new XmlElement("mouse")
                        .attr("mode", requiredEnum(mouse, "mode", "server", "client")));
                }
            }
            default -> {
                // null, vc, stdio, spicevmc: nothing in the source
            }
        }
        if (seclabels) {
            for (XmlElement l : s.all("seclabel")) {
                src.children().add(0, l.consumeAll());
            }
        }
        out.add(src);
        return out;
    }

    /** The tcp protocol (raw when absent), or null for other backends; one protocol element at most. */
    static String parseProtocol(XmlElement holder, String type) {
        List<XmlElement> protocols = holder.all("protocol");
        if (protocols.size() > 1) {
            throw ParseContext.xmlError("only one protocol element is allowed for character device");
        }
        if (!"tcp".equals(type)) {
            return null;
        }
        String prot = protocols.isEmpty() ? null : protocols.get(0).get("type");
        if (prot == null) {
            return "raw";
        }
        if (!Set.of("raw", "telnet", "telnets", "tls").contains(prot)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "Unknown protocol '" + prot + "'");
        }
        return prot;
    }

    /** The {@code <log>} element rebuilt from what libvirt reads (file, append), or null. */
    static XmlElement parseLog(XmlElement holder) {
        List<XmlElement> logs = holder.all("log");
        if (logs.size() > 1) {
            throw ParseContext.xmlError("only one log element is allowed for character device");
        }
        if (logs.isEmpty()) {
            return null;
        }
        String file = logs.get(0).get("file");
        String append = onOff(logs.get(0), "append");
        return file == null ? null : new XmlElement("log").attr("file", file).attr("append", append);
    }

    /**
     * libvirt's {@code virDomainChrSourceDefValidate}.
     *
     * @param pathOptional a virtio or xen channel, whose unix socket path the driver may choose
     */
    static void validate(String type, List<CharSource> sources, boolean pathOptional) {
        CharSource first = sources.isEmpty() ? new CharSource() : sources.get(0);
        switch (type) {
            case "file", "dev", "pipe" -> {
                if (first.path() == null) {
                    throw internal("Missing source path attribute for char device");
                }
            }
            case "nmdm" -> {
                if ((first.master() == null) != (first.slave() == null)) {
                    throw internal("Should define both master and slave path attributes for nmdm device");
                }
            }
            case "tcp" -> {
                if (first.host() == null) {
                    throw internal("Missing source host attribute for char device");
                }
                if (first.service() == null) {
                    throw internal("Missing source service attribute for char device");
                }
                checkReconnectMode(first);
            }
            case "udp" -> {
                CharSource connect = sources.stream().filter(s -> "connect".equals(s.mode())).findFirst().orElse(null);
                if (connect == null || connect.service() == null) {
                    throw internal("Missing source service attribute for char device");
                }
            }
            case "unix" -> {
                if (first.path() == null && !pathOptional) {
                    throw internal("Missing source path attribute for char device");
                }
                checkReconnectMode(first);
            }
            case "spiceport", "dbus" -> {
                String name = first.channel();
                if (name == null) {
                    throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                        "Missing source channel attribute for char device");
                }
                for (char c : name.toCharArray()) {
                    if (CHANNEL_NAME_CHARS.indexOf(c) < 0) {
                        throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                            "Invalid character in source channel for char device");
                    }
                }
            }
            default -> {
                // null, vc, pty, stdio, spicevmc, qemu-vdagent: nothing to check
            }
        }
    }

    /**
     * The canonical elements of a backend, in libvirt's order: its source(s), the tcp protocol,
     * the log file ({@code virDomainChrSourceDefFormat}).
     */
    static List<XmlElement> elements(String type, List<CharSource> sources, String protocol, XmlElement log,
        boolean inactive) {
        List<XmlElement> out = new ArrayList<>(3);
        CharSource s = sources.isEmpty() ? null : sources.get(0);
        switch (type) {
            case "file", "pty", "dev", "pipe" -> {
                // a pty's path is the running guest's: never part of a definition
                if (s != null && (!"pty".equals(type) || s.path() != null && !inactive)) {
                    XmlElement e = new XmlElement("source").attr("path", s.path());
                    if ("file".equals(type)) {
                        e.attr("append", s.append());
                    }
                    seclabels(s, e);
                    out.add(e);
                }
            }
            case "unix" -> {
                if (s != null && s.path() != null) {
                    XmlElement e = new XmlElement("source").attr("mode", s.mode() == null ? "connect" : s.mode())
                        .attr("path", s.path());
                    seclabels(s, e);
                    reconnectElement(s, e);
                    out.add(e);
                }
            }
            case "tcp" -> {
                CharSource t = s == null ? new CharSource() : s;
                XmlElement e = new XmlElement("source").attr("mode", t.mode() == null ? "connect" : t.mode())
                    .attr("host", t.host()).attr("service", t.service()).attr("tls", t.tls());
                reconnectElement(t, e);
                out.add(e);
                out.add(new XmlElement("protocol").attr("type", protocol == null ? "raw" : protocol));
            }
            case "udp" -> {
                for (String mode : new String[] {"bind", "connect"}) {
                    for (CharSource u : sources) {
                        if (mode.equals(u.mode() == null ? "connect" : u.mode())
                            && (u.host() != null || u.service() != null)) {
                            out.add(new XmlElement("source").attr("mode", mode).attr("host", u.host())
                                .attr("service", u.service()));
                            break;
                        }
                    }
                }
            }
            case "spiceport", "dbus" -> {
                if (s != null) {
                    out.add(new XmlElement("source").attr("channel", s.channel()));
                }
            }
            case "nmdm" -> {
                if (s != null) {
                    out.add(new XmlElement("source").attr("master", s.master()).attr("slave", s.slave()));
                }
            }
            case "qemu-vdagent" -> {
                if (s != null && !s.children().isEmpty()) {
                    XmlElement e = new XmlElement("source");
                    for (String name : new String[] {"clipboard", "mouse"}) {
                        for (XmlElement c : s.children()) {
                            if (c.name().equals(name)) {
                                e.add(c.copy());
                            }
                        }
                    }
                    out.add(e);
                }
            }
            default -> {
                // null, vc, stdio, spicevmc: no source
            }
        }
        if (log != null && log.attributes().get("file") != null) {
            out.add(log.copy());
        }
        return out;
    }

    /**
     * Normalizes the character backend embedded in a device kept as parsed (smartcard
     * passthrough, redirdev, egd rng backend): its source, protocol and log children are
     * replaced by libvirt's canonical ones, at the place of the first of them.
     */
    static List<CharSource> normalizeEmbedded(XmlElement holder, String type) {
        return normalizeEmbedded(holder, type, null);
    }

    /** As {@link #normalizeEmbedded(XmlElement, String)}, with a default channel for a dbus backend that names none. */
    static List<CharSource> normalizeEmbedded(XmlElement holder, String type, String dbusChannel) {
        List<CharSource> sources = parseSources(holder, type, false);
        if ("dbus".equals(type) && dbusChannel != null && (sources.isEmpty() || sources.get(0).channel() == null)) {
            if (sources.isEmpty()) {
                sources.add(new CharSource());
            }
            sources.get(0).channel(dbusChannel);
        }
        String protocol = parseProtocol(holder, type);
        XmlElement log = parseLog(holder);
        int at = -1;
        List<XmlElement> children = holder.children();
        for (int i = children.size() - 1; i >= 0; i--) {
            XmlElement c = children.get(i);
            if (c.namespaceUri() == null && Set.of("source", "protocol", "log").contains(c.name())) {
                children.remove(i);
                at = i;
            }
        }
        List<XmlElement> canonical = elements(type, sources, protocol, log, false);
        canonical.forEach(XmlElement::consumeAll);
        children.addAll(at < 0 ? 0 : at, canonical);
        return sources;
    }

    // ---- helpers ----

    private static void seclabels(CharSource s, XmlElement e) {
        for (XmlElement c : s.children()) {
            if (c.name().equals("seclabel")) {
                e.add(c.copy());
            }
        }
    }

    private static void reconnectElement(CharSource s, XmlElement e) {
        for (XmlElement c : s.children()) {
            if (c.name().equals("reconnect")) {
                e.add(c.copy());
            }
        }
    }

    private static void checkReconnectMode(CharSource s) {
        if ("bind".equals(s.mode())) {
            for (XmlElement c : s.children()) {
                if (c.name().equals("reconnect")) {
                    throw internal("chardev reconnect is possible only for connect mode");
                }
            }
        }
    }

    /** {@code <reconnect enabled='yes|no' timeout='N'/>}: kept only when enabled is given, as libvirt does. */
    private static void reconnect(XmlElement source, CharSource src) {
        XmlElement r = source.child("reconnect");
        if (r == null) {
            return;
        }
        String enabled = yesNo(r, "enabled");
        if (enabled == null) {
            return;
        }
        XmlElement e = new XmlElement("reconnect").attr("enabled", enabled);
        if ("yes".equals(enabled)) {
            String timeout = r.get("timeout");
            if (timeout == null) {
                throw ParseContext.xmlError("Missing required attribute 'timeout' in element 'reconnect'");
            }
            e.attr("timeout", Long.toString(ParseContext.uintAttr(r, "timeout", timeout)));
        }
        src.children().add(e);
    }

    private static String mode(XmlElement s) {
        String mode = s.get("mode");
        if (mode == null) {
            return "connect";
        }
        if (!"connect".equals(mode) && !"bind".equals(mode)) {
            throw ParseContext.invalidAttr(s, "mode", mode);
        }
        return mode;
    }

    /** A tristate bool attribute (yes/no), null when absent. */
    static String yesNo(XmlElement e, String attr) {
        String v = e.get(attr);
        if (v == null || "yes".equals(v) || "no".equals(v)) {
            return v;
        }
        throw ParseContext.invalidAttr(e, attr, v);
    }

    /** A tristate switch attribute (on/off), null when absent. */
    static String onOff(XmlElement e, String attr) {
        String v = e.get(attr);
        if (v == null || "on".equals(v) || "off".equals(v)) {
            return v;
        }
        throw ParseContext.invalidAttr(e, attr, v);
    }

    private static String requiredYesNo(XmlElement e, String attr) {
        String v = yesNo(e, attr);
        if (v == null) {
            throw ParseContext.missingAttr(e, attr);
        }
        return v;
    }

    private static String requiredEnum(XmlElement e, String attr, String... allowed) {
        String v = e.get(attr);
        if (v == null) {
            throw ParseContext.missingAttr(e, attr);
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw ParseContext.invalidAttr(e, attr, v);
    }

    private static VirtException internal(String msg) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, msg);
    }
}
