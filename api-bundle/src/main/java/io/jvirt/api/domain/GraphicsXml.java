package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Parses and formats {@code <graphics>} as libvirt does ({@code virDomainGraphicsDefParseXML*},
 * {@code virDomainGraphicsListensParseXML}, {@code virDomainGraphicsDefFormat}): each display
 * type reads only its own attributes and sub-elements, the legacy {@code listen} and
 * {@code socket} attributes become listen elements by libvirt's rules, and everything is written
 * back in libvirt's order. A VNC socket listen stays a socket listen; what a type does not read is
 * dropped as libvirt drops it.
 */
final class GraphicsXml {

    private static final List<String> TYPES = List.of("sdl", "vnc", "rdp", "desktop", "spice", "egl-headless", "dbus");
    private static final List<String> LISTEN_TYPES = List.of("none", "address", "network", "socket");
    private static final List<String> SPICE_CHANNELS = List.of("main", "display", "inputs", "cursor", "playback",
        "record", "smartcard", "usbredir");
    /** libvirt's order of the sub-elements it writes after the listens, per display type. */
    private static final List<String> CHILD_ORDER = List.of("channel", "image", "jpeg", "zlib", "playback",
        "streaming", "mouse", "clipboard", "filetransfer", "gl", "audio");
    private static final DateTimeFormatter VALID_TO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private GraphicsXml() {
    }

    static GraphicsDef parse(XmlElement e) {
        GraphicsDef g = new GraphicsDef();
        String type = e.get("type");
        if (type == null) {
            throw ParseContext.missingAttr(e, "type");
        }
        if (!TYPES.contains(type)) {
            throw ParseContext.invalidAttr(e, "type", type);
        }
        g.type(type);
        switch (type) {
            case "vnc" -> parseVnc(e, g);
            case "spice" -> parseSpice(e, g);
            case "rdp" -> parseRdp(e, g);
            case "sdl" -> {
                g.fullscreen(yes(e, "fullscreen"));
                g.xauth(e.get("xauth"));
                g.display(e.get("display"));
                gl(e, g, true, false);
            }
            case "desktop" -> {
                g.fullscreen(yes(e, "fullscreen"));
                g.display(e.get("display"));
            }
            case "egl-headless" -> {
                XmlElement gl = e.child("gl");
                if (gl != null && gl.get("rendernode") != null) {
                    g.children().add(new XmlElement("gl").attr("rendernode", gl.get("rendernode")));
                }
            }
            case "dbus" -> {
                if (Boolean.TRUE.equals(yes(e, "p2p"))) {
                    g.otherAttrs().put("p2p", "yes");
                }
                if (e.get("address") != null) {
                    g.otherAttrs().put("address", e.get("address"));
                }
                gl(e, g, true, true);
                audio(e, g);
            }
            default -> throw new IllegalStateException(type);
        }
        return g;
    }

    // ---- per type ----

    private static void parseVnc(XmlElement e, GraphicsDef g) {
        parseListens(e, g);
        String port = e.get("port");
        g.autoport(true);
        if (port != null) {
            g.port(LibvirtNumbers.i(port));
            if (g.port() == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "cannot parse vnc port " + port);
            }
            g.port(portNumber("port", g.port(), port) == 0 ? null : g.port());
            // legacy syntax: -1 for an automatic port
            g.autoport(Integer.valueOf(-1).equals(g.port()));
        }
        String autoport = e.get("autoport");
        if ("yes".equals(autoport) || "no".equals(autoport)) {
            g.autoport("yes".equals(autoport)); // anything else is ignored, as virStringParseYesNo's result is
        }
        String websocket = e.get("websocket");
        if (websocket != null) {
            int ws = portNumber("websocket", ParseContext.intAttr(e, "websocket", websocket), websocket);
            g.websocket(ws == 0 ? null : ws);
        }
        e.get("websocketGenerated"); // status XML only
        String share = enumAttr(e, "sharePolicy", "default", "allow-exclusive", "force-shared", "ignore");
        g.sharePolicy("default".equals(share) ? null : share);
        String power = CharSourceXml.yesNo(e, "powerControl");
        if (power != null) {
            g.otherAttrs().put("powerControl", power);
        }
        g.keymap(e.get("keymap"));
        audio(e, g);
        auth(e, g);
    }

    private static void parseSpice(XmlElement e, GraphicsDef g) {
        parseListens(e, g);
        g.port(intOrNull(e, "port"));
        g.tlsPort(intOrNull(e, "tlsPort"));
        String autoport = CharSourceXml.yesNo(e, "autoport");
        g.autoport("yes".equals(autoport));
        String mode = enumAttr(e, "defaultMode", "any", "secure", "insecure");
        g.defaultMode("any".equals(mode) ? null : mode);
        if (Integer.valueOf(-1).equals(g.port()) && Integer.valueOf(-1).equals(g.tlsPort())) {
            g.autoport(true); // legacy syntax for an automatic port
        }
        g.keymap(e.get("keymap"));
        auth(e, g);
        String[] modes = new String[SPICE_CHANNELS.size()];
        for (XmlElement c : e.all("channel")) {
            String name = requiredEnum(c, "name", SPICE_CHANNELS.toArray(new String[0]));
            modes[SPICE_CHANNELS.indexOf(name)] = requiredEnum(c, "mode", "any", "secure", "insecure");
        }
        for (int i = 0; i < modes.length; i++) {
            if (modes[i] != null && !"any".equals(modes[i])) {
                g.children().add(new XmlElement("channel").attr("name", SPICE_CHANNELS.get(i)).attr("mode", modes[i]));
            }
        }
        compression(e, g, "image", "compression", "auto_glz", "auto_lz", "quic", "glz", "lz", "off");
        compression(e, g, "jpeg", "compression", "auto", "never", "always");
        compression(e, g, "zlib", "compression", "auto", "never", "always");
        compression(e, g, "playback", "compression", "on", "off");
        compression(e, g, "streaming", "mode", "filter", "all", "off");
        compression(e, g, "clipboard", "copypaste", "yes", "no");
        compression(e, g, "filetransfer", "enable", "yes", "no");
        gl(e, g, true, true);
        compression(e, g, "mouse", "mode", "server", "client");
        // libvirt's post-parse: no port, no TLS port and no autoport means listening nowhere
        GraphicsListen first = g.listens().isEmpty() ? null : g.listens().get(0);
        if (first != null && "address".equals(first.type()) && g.port() == null && g.tlsPort() == null
            && !g.autoport()) {
            first.type("none").address(null);
        }
    }

    private static void parseRdp(XmlElement e, GraphicsDef g) {
        parseListens(e, g);
        String port = e.get("port");
        g.autoport(false);
        if (port != null) {
            Integer p = LibvirtNumbers.i(port);
            if (p == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN, "cannot parse rdp port " + port);
            }
            g.port(portNumber("port", p, port) == 0 ? null : p);
            g.autoport(p == -1);
        } else {
            g.autoport(true);
        }
        if ("yes".equals(e.get("autoport"))) {
            g.autoport(true);
        }
        for (String flag : new String[] {"replaceUser", "multiUser"}) {
            if ("yes".equals(e.get(flag))) {
                g.otherAttrs().put(flag, "yes");
            }
        }
    }

    // ---- listens ----

    /** libvirt's virDomainGraphicsListensParseXML, with the legacy attributes checked against the first listen. */
    private static void parseListens(XmlElement e, GraphicsDef g) {
        String listenCompat = e.get("listen");
        String socketCompat = "vnc".equals(g.type()) ? e.get("socket") : null;
        boolean first = true;
        for (XmlElement l : e.all("listen")) {
            g.listens().add(parseListen(l, g.type(), first ? listenCompat : null, first ? socketCompat : null));
            first = false;
        }
        GraphicsListen compat;
        if (socketCompat != null) {
            compat = new GraphicsListen().type("socket").socket(socketCompat);
        } else {
            compat = new GraphicsListen().type("address")
                .address(listenCompat == null || listenCompat.isEmpty() ? null : listenCompat);
        }
        if (g.listens().isEmpty()) {
            g.listens().add(compat);
        } else {
            GraphicsListen l0 = g.listens().get(0);
            // a socket attribute beats a first address or network listen (libvirt's back-compat rule)
            if (("address".equals(l0.type()) || "network".equals(l0.type())) && "socket".equals(compat.type())) {
                g.listens().set(0, compat);
            }
        }
        GraphicsListen l0 = g.listens().get(0);
        g.socket("socket".equals(l0.type()) ? l0.socket() : null);
    }

    private static GraphicsListen parseListen(XmlElement l, String graphicsType, String addressCompat,
        String socketCompat) {
        String type = l.get("type");
        if (type == null) {
            throw ParseContext.missingAttr(l, "type");
        }
        if (!LISTEN_TYPES.contains(type)) {
            throw ParseContext.invalidAttr(l, "type", type);
        }
        if (("socket".equals(type) || "none".equals(type)) && !"vnc".equals(graphicsType)
            && !"spice".equals(graphicsType)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "listen type '" + type + "' is not available for graphics type '" + graphicsType + "'");
        }
        String address = l.get("address");
        String network = l.get("network");
        String socket = l.get("socket");
        l.get("autoGenerated"); // status XML only
        l.get("fromConfig");
        if ("address".equals(type)) {
            if (address != null && addressCompat != null && !address.equals(addressCompat)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "graphics 'listen' attribute '"
                    + addressCompat + "' must match 'address' attribute of first listen element (found '" + address + "')");
            }
            if (address == null) {
                address = addressCompat;
            }
        }
        if ("socket".equals(type)) {
            if (socket != null && socketCompat != null && !socket.equals(socketCompat)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "graphics 'socket' attribute '"
                    + socketCompat + "' must match 'socket' attribute of first listen element (found '" + socket + "')");
            }
            if (socket == null) {
                socket = socketCompat;
            }
        }
        GraphicsListen out = new GraphicsListen().type(type);
        if (address != null && !address.isEmpty() && ("address".equals(type) || "network".equals(type))) {
            out.address(address);
        }
        if (network != null && !network.isEmpty()) {
            if (!"network".equals(type)) {
                throw ParseContext.xmlError("'network' attribute is valid only for listen type 'network'");
            }
            out.network(network);
        }
        if (socket != null && !socket.isEmpty()) {
            if (!"socket".equals(type)) {
                throw ParseContext.xmlError("'socket' attribute is valid only for listen type 'socket'");
            }
            out.socket(socket);
        }
        return out;
    }

    // ---- sub-elements and attributes ----

    /** {@code <audio id='N'/>}: a non-zero unsigned id. */
    private static void audio(XmlElement e, GraphicsDef g) {
        XmlElement audio = e.child("audio");
        if (audio == null) {
            return;
        }
        String id = audio.get("id");
        if (id == null) {
            throw ParseContext.missingAttr(audio, "id");
        }
        long n = ParseContext.uintAttr(audio, "id", id);
        if (n == 0) {
            throw ParseContext.xmlError("Invalid value for attribute 'id' in element 'audio': Zero is not permitted");
        }
        g.children().add(new XmlElement("audio").attr("id", Long.toString(n)));
    }

    /** {@code <gl enable='yes|no' rendernode='...'/>}. */
    private static void gl(XmlElement e, GraphicsDef g, boolean enableRequired, boolean rendernode) {
        XmlElement gl = e.child("gl");
        if (gl == null) {
            return;
        }
        String node = rendernode ? gl.get("rendernode") : null;
        String enable = CharSourceXml.yesNo(gl, "enable");
        if (enable == null && enableRequired) {
            throw ParseContext.missingAttr(gl, "enable");
        }
        g.children().add(new XmlElement("gl").attr("enable", enable).attr("rendernode", node));
    }

    /** A SPICE tuning element with one required enumerated attribute. */
    private static void compression(XmlElement e, GraphicsDef g, String element, String attr, String... allowed) {
        XmlElement c = e.child(element);
        if (c != null) {
            g.children().add(new XmlElement(element).attr(attr, requiredEnum(c, attr, allowed)));
        }
    }

    /** libvirt's virDomainGraphicsAuthDefParseXML: the validity and the connected policy count only with a password. */
    private static void auth(XmlElement e, GraphicsDef g) {
        String connected = e.get("connected");
        g.passwd(e.get("passwd"));
        String validTo = e.get("passwdValidTo");
        if (g.passwd() == null) {
            return;
        }
        if (validTo != null) {
            g.passwdValidTo(validTo(validTo));
        }
        if (connected != null) {
            if (!Set.of("fail", "disconnect", "keep").contains(connected)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "unknown connected value " + connected);
            }
            if ("vnc".equals(g.type()) && !"keep".equals(connected)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "VNC supports connected='keep' only");
            }
            g.connected(connected);
        }
    }

    /** YYYY-MM-DDTHH:MM:SS read as libvirt reads it (numbers, not digits) and written back zero-padded. */
    private static String validTo(String s) {
        String[] seps = {"-", "-", "T", ":", ":"};
        int[] v = new int[6];
        String rest = s;
        try {
            for (int i = 0; i < 6; i++) {
                int end = i < 5 ? rest.indexOf(seps[i]) : rest.length();
                if (end < 0) {
                    throw new DateTimeException(s);
                }
                Integer n = LibvirtNumbers.i(rest.substring(0, end));
                if (n == null) {
                    throw new DateTimeException(s);
                }
                v[i] = n;
                rest = i < 5 ? rest.substring(end + 1) : "";
            }
            return LocalDateTime.of(v[0], v[1], v[2], v[3], v[4], v[5]).format(VALID_TO);
        } catch (DateTimeException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN,
                "cannot parse password validity time '" + s + "', expect YYYY-MM-DDTHH:MM:SS");
        }
    }

    private static Boolean yes(XmlElement e, String attr) {
        String v = CharSourceXml.yesNo(e, attr);
        return "yes".equals(v) ? Boolean.TRUE : null;
    }

    private static Integer intOrNull(XmlElement e, String attr) {
        String v = e.get(attr);
        if (v == null) {
            return null;
        }
        int n = portNumber(attr, ParseContext.intAttr(e, attr, v), v);
        return n == 0 ? null : n;
    }

    /**
     * libvirt's schema type PortNumber (-1 to 65535): the C parser takes any int, but no display
     * can listen beyond it, and every definition jvirt writes must stay valid against the schema.
     */
    private static int portNumber(String attr, int n, String raw) {
        if (n < -1 || n > 65535) {
            throw ParseContext.badValue("graphics@" + attr, raw);
        }
        return n;
    }

    private static String enumAttr(XmlElement e, String attr, String... allowed) {
        String v = e.get(attr);
        if (v == null) {
            return null;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw ParseContext.invalidAttr(e, attr, v);
    }

    private static String requiredEnum(XmlElement e, String attr, String... allowed) {
        String v = e.get(attr);
        if (v == null) {
            throw ParseContext.missingAttr(e, attr);
        }
        return enumAttr(e, attr, allowed);
    }

    // ---- validation ----

    /** libvirt's virDomainGraphicsDefValidate. */
    static void validate(GraphicsDef g, Set<String> audioIds) {
        if (Set.of("vnc", "spice", "rdp").contains(g.type())) {
            for (GraphicsListen l : g.listens()) {
                if ("network".equals(l.type()) && l.network() == null) {
                    throw ParseContext.xmlError("'network' attribute is required for listen type 'network'");
                }
            }
        }
        if ("vnc".equals(g.type()) && audioIds != null) {
            for (XmlElement c : g.children()) {
                if (c.name().equals("audio") && !audioIds.contains(c.attributes().get("id"))) {
                    throw ParseContext.xmlError("no audio device with ID " + c.attributes().get("id"));
                }
            }
        }
        if ("dbus".equals(g.type()) && "yes".equals(g.otherAttrs().get("p2p")) && g.otherAttrs().get("address") != null) {
            throw ParseContext.xmlError("D-Bus p2p with an address is not supported");
        }
    }

    // ---- formatting ----

    /** libvirt's virDomainGraphicsDefFormat; {@code inactive}: a definition's layout, without a running display's port. */
    static void format(XmlOut out, GraphicsDef g, boolean secure, boolean inactive) {
        out.open(2, "graphics").attr("type", g.type());
        List<GraphicsListen> listens = new ArrayList<>(g.listens());
        if (listens.isEmpty() && Set.of("vnc", "spice", "rdp").contains(g.type())) {
            // a definition built in code: what parsing gives a display without listen settings
            listens.add(g.socket() != null && "vnc".equals(g.type()) ? new GraphicsListen().type("socket").socket(g.socket())
                : new GraphicsListen().type("address"));
        }
        GraphicsListen first = listens.isEmpty() ? null : listens.get(0);
        boolean autoport = Boolean.TRUE.equals(g.autoport());
        switch (g.type()) {
            case "vnc" -> {
                if ("socket".equals(first.type())) {
                    out.attr("socket", first.socket());
                } else if (!"none".equals(first.type())) {
                    boolean autoportDefault = g.autoport() == null; // built in code without one: libvirt's default
                    if (g.port() != null && g.port() != 0 && (!autoport || !inactive)) {
                        out.attr("port", g.port());
                    } else if (autoport || autoportDefault) {
                        out.attr("port", -1);
                    }
                    out.attr("autoport", autoport || autoportDefault && (g.port() == null || g.port() == 0) ? "yes" : "no");
                    if (g.websocket() != null && g.websocket() != 0) {
                        out.attr("websocket", g.websocket());
                    }
                    out.attr("listen", listenAttr(first, inactive));
                }
                out.attr("keymap", g.keymap()).attr("sharePolicy", g.sharePolicy())
                    .attr("powerControl", g.otherAttrs().get("powerControl"));
                auth(out, g, secure);
            }
            case "sdl" -> out.attr("display", g.display()).attr("xauth", g.xauth())
                .attr("fullscreen", Boolean.TRUE.equals(g.fullscreen()) ? "yes" : null);
            case "rdp" -> {
                if (g.port() != null && g.port() != 0) {
                    out.attr("port", g.port());
                } else if (autoport) {
                    out.attr("port", 0);
                }
                out.attr("autoport", autoport ? "yes" : null).attr("replaceUser", g.otherAttrs().get("replaceUser"))
                    .attr("multiUser", g.otherAttrs().get("multiUser")).attr("listen", listenAttr(first, inactive));
            }
            case "desktop" -> out.attr("display", g.display())
                .attr("fullscreen", Boolean.TRUE.equals(g.fullscreen()) ? "yes" : null);
            case "spice" -> {
                if ("address".equals(first.type()) || "network".equals(first.type())) {
                    out.attr("port", g.port() == null || g.port() == 0 ? null : g.port())
                        .attr("tlsPort", g.tlsPort() == null || g.tlsPort() == 0 ? null : g.tlsPort())
                        .attr("autoport", autoport ? "yes" : "no").attr("listen", listenAttr(first, inactive));
                }
                out.attr("keymap", g.keymap()).attr("defaultMode", g.defaultMode());
                auth(out, g, secure);
            }
            case "dbus" -> out.attr("p2p", g.otherAttrs().get("p2p")).attr("address", g.otherAttrs().get("address"));
            default -> {
                // egl-headless: no attribute of its own
            }
        }
        XmlOut body = out.child();
        for (GraphicsListen l : listens) {
            body.open(3, "listen").attr("type", l.type())
                .attr("address", "address".equals(l.type()) || "network".equals(l.type()) && !inactive ? l.address() : null)
                .attr("network", "network".equals(l.type()) ? l.network() : null)
                .attr("socket", "socket".equals(l.type()) ? l.socket() : null).end();
        }
        List<XmlElement> children = new ArrayList<>(g.children());
        children.removeIf(c -> !CHILD_ORDER.contains(c.name()));
        children.sort(Comparator.comparingInt((XmlElement c) -> CHILD_ORDER.indexOf(c.name()))
            .thenComparingInt(c -> SPICE_CHANNELS.indexOf(c.attributes().get("name"))));
        body.elements(children, 3);
        out.body(2, "graphics", body);
    }

    /** The legacy listen attribute: the first listen's address, never a network's resolved one in a definition. */
    private static String listenAttr(GraphicsListen first, boolean inactive) {
        return "network".equals(first.type()) && inactive ? null : first.address();
    }

    private static void auth(XmlOut out, GraphicsDef g, boolean secure) {
        if (g.passwd() == null) {
            return;
        }
        if (secure) {
            out.attr("passwd", g.passwd());
        }
        out.attr("passwdValidTo", g.passwdValidTo()).attr("connected", g.connected());
    }
}
