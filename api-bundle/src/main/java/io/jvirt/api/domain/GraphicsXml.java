package io.jvirt.api.domain;

import java.util.Set;

/** Parses and formats {@code <graphics>}; applies libvirt's generic port and listen defaults. */
final class GraphicsXml {

    private static final Set<String> TYPES = Set.of("sdl", "vnc", "rdp", "desktop", "spice", "egl-headless", "dbus");
    private static final Set<String> TYPED = Set.of("type", "port", "autoport", "tlsPort", "websocket", "socket",
        "passwd", "passwdValidTo", "connected", "keymap", "sharePolicy", "display", "xauth", "fullscreen",
        "defaultMode", "listen");

    private GraphicsXml() {
    }

    static GraphicsDef parse(XmlElement e) {
        GraphicsDef g = new GraphicsDef();
        String type = ParseContext.required(e, "type");
        if (!TYPES.contains(type)) {
            throw ParseContext.xmlError("unknown graphics device type '" + type + "'");
        }
        g.type(type);
        g.port(intAttr(e, "port"));
        g.autoport(ParseContext.yesNo(e, "autoport"));
        g.tlsPort(intAttr(e, "tlsPort"));
        g.websocket(intAttr(e, "websocket"));
        g.socket(e.get("socket"));
        g.passwd(e.get("passwd"));
        g.passwdValidTo(e.get("passwdValidTo"));
        g.connected(e.get("connected"));
        g.keymap(e.get("keymap"));
        g.sharePolicy(e.get("sharePolicy"));
        g.display(e.get("display"));
        g.xauth(e.get("xauth"));
        g.fullscreen(ParseContext.yesNo(e, "fullscreen"));
        g.defaultMode(e.get("defaultMode"));
        DevicesXml.otherAttrs(e, g.otherAttrs(), TYPED);
        String listenAttr = e.get("listen");
        for (XmlElement l : e.all("listen")) {
            GraphicsListen gl = new GraphicsListen();
            gl.type(ParseContext.oneOf(l, "type", "address", "network", "socket", "none"));
            if (gl.type() == null) {
                throw ParseContext.xmlError("graphics listen type must be specified");
            }
            gl.address(l.get("address"));
            gl.network(l.get("network"));
            gl.socket(l.get("socket"));
            g.listens().add(gl);
        }
        applyListenDefaults(g, listenAttr);
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && !c.name().equals("listen") && !c.name().equals("address")
                && !c.name().equals("alias")) {
                g.children().add(c.consumeAll());
            }
        }
        return g;
    }

    private static Integer intAttr(XmlElement e, String attr) {
        String v = e.get(attr);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < -1 || n > 65535) {
                throw ParseContext.badValue("graphics@" + attr, v);
            }
            return n;
        } catch (NumberFormatException ex) {
            throw ParseContext.badValue("graphics@" + attr, v);
        }
    }

    /**
     * libvirt's generic graphics defaults: the legacy {@code listen} and {@code socket} attributes
     * become listen elements (and must agree with them), and VNC without any gets an address listen.
     */
    private static void applyListenDefaults(GraphicsDef g, String listenAttr) {
        if (listenAttr != null) {
            if (g.listens().isEmpty()) {
                g.listens().add(new GraphicsListen().type("address").address(listenAttr));
            } else {
                GraphicsListen first = g.listens().get(0);
                if ("address".equals(first.type()) && first.address() == null) {
                    first.address(listenAttr);
                } else if ("address".equals(first.type()) && !listenAttr.equals(first.address())) {
                    throw ParseContext.xmlError("graphics 'listen' attribute '" + listenAttr
                        + "' must match 'address' attribute of first listen element (found '" + first.address() + "')");
                }
            }
        }
        if (g.socket() != null) {
            if (g.listens().isEmpty()) {
                g.listens().add(new GraphicsListen().type("socket").socket(g.socket()));
            } else {
                GraphicsListen first = g.listens().get(0);
                if ("socket".equals(first.type()) && first.socket() != null && !first.socket().equals(g.socket())) {
                    throw ParseContext.xmlError("graphics 'socket' attribute '" + g.socket()
                        + "' must match 'socket' attribute of first listen element (found '" + first.socket() + "')");
                }
                if ("socket".equals(first.type()) && first.socket() == null) {
                    first.socket(g.socket());
                }
            }
        }
        if ("vnc".equals(g.type())) {
            if (g.listens().isEmpty()) {
                g.listens().add(new GraphicsListen().type("address"));
            }
            boolean socketOnly = g.listens().stream().allMatch(l -> !"address".equals(l.type())
                && !"network".equals(l.type()));
            if (!socketOnly && (g.port() == null || Boolean.TRUE.equals(g.autoport()) || g.port() == -1)) {
                g.port(-1);
                g.autoport(Boolean.TRUE);
            }
        }
    }

    static void format(XmlOut out, GraphicsDef g, boolean secure) {
        out.open(2, "graphics").attr("type", g.type());
        GraphicsListen first = g.listens().isEmpty() ? null : g.listens().get(0);
        if ("socket".equals(first == null ? null : first.type())) {
            out.attr("socket", first.socket());
        } else {
            out.attr("port", g.port()).yesNo("autoport", g.autoport()).attr("tlsPort", g.tlsPort())
                .attr("websocket", g.websocket());
        }
        if (first != null && "address".equals(first.type()) && first.address() != null) {
            out.attr("listen", first.address());
        }
        out.attr("sharePolicy", g.sharePolicy()).attr("defaultMode", g.defaultMode());
        if (secure) {
            out.attr("passwd", g.passwd());
        }
        out.attr("passwdValidTo", g.passwdValidTo()).attr("connected", g.connected()).attr("keymap", g.keymap())
            .attr("display", g.display()).attr("xauth", g.xauth()).yesNo("fullscreen", g.fullscreen());
        DevicesXml.writeAttrs(out, g.otherAttrs());
        XmlOut body = out.child();
        for (GraphicsListen l : g.listens()) {
            body.open(3, "listen").attr("type", l.type()).attr("address", l.address()).attr("network", l.network())
                .attr("socket", l.socket()).end();
        }
        body.elements(g.children(), 3);
        DevicesXml.formatInfo(body, g, 3);
        out.body(2, "graphics", body);
    }
}
