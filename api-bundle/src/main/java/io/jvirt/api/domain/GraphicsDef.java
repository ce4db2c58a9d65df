package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code <graphics>} device: VNC, SPICE, SDL, RDP, desktop, egl-headless or dbus display.
 */
public final class GraphicsDef extends DeviceDef {

    private String type = "vnc";
    private Integer port;
    private Boolean autoport;
    private Integer tlsPort;
    private Integer websocket;
    private String socket;
    private String passwd;
    private String passwdValidTo;
    private String connected;
    private String keymap;
    private String sharePolicy;
    private String display;
    private String xauth;
    private Boolean fullscreen;
    private String defaultMode;
    private final Map<String, String> otherAttrs = new LinkedHashMap<>();
    private final List<GraphicsListen> listens = new ArrayList<>();
    private final List<XmlElement> children = new ArrayList<>();

    /** graphics@type. */
    public String type() {
        return type;
    }

    public GraphicsDef type(String type) {
        this.type = type;
        return this;
    }

    /** graphics@port (-1: automatic), or null where the type has none. */
    public Integer port() {
        return port;
    }

    public GraphicsDef port(Integer port) {
        this.port = port;
        return this;
    }

    /** graphics@autoport, or null. */
    public Boolean autoport() {
        return autoport;
    }

    public GraphicsDef autoport(Boolean autoport) {
        this.autoport = autoport;
        return this;
    }

    /** graphics@tlsPort (spice), or null. */
    public Integer tlsPort() {
        return tlsPort;
    }

    public GraphicsDef tlsPort(Integer tlsPort) {
        this.tlsPort = tlsPort;
        return this;
    }

    /** graphics@websocket (vnc), or null. */
    public Integer websocket() {
        return websocket;
    }

    public GraphicsDef websocket(Integer websocket) {
        this.websocket = websocket;
        return this;
    }

    /** graphics@socket (vnc UNIX socket), or null. */
    public String socket() {
        return socket;
    }

    public GraphicsDef socket(String socket) {
        this.socket = socket;
        return this;
    }

    /** graphics@passwd: a secret, written only for secure formatting. */
    public String passwd() {
        return passwd;
    }

    public GraphicsDef passwd(String passwd) {
        this.passwd = passwd;
        return this;
    }

    /** graphics@passwdValidTo, or null. */
    public String passwdValidTo() {
        return passwdValidTo;
    }

    public GraphicsDef passwdValidTo(String passwdValidTo) {
        this.passwdValidTo = passwdValidTo;
        return this;
    }

    /** graphics@connected, or null. */
    public String connected() {
        return connected;
    }

    public GraphicsDef connected(String connected) {
        this.connected = connected;
        return this;
    }

    /** graphics@keymap, or null. */
    public String keymap() {
        return keymap;
    }

    public GraphicsDef keymap(String keymap) {
        this.keymap = keymap;
        return this;
    }

    /** graphics@sharePolicy, or null. */
    public String sharePolicy() {
        return sharePolicy;
    }

    public GraphicsDef sharePolicy(String sharePolicy) {
        this.sharePolicy = sharePolicy;
        return this;
    }

    /** graphics@display (sdl), or null. */
    public String display() {
        return display;
    }

    public GraphicsDef display(String display) {
        this.display = display;
        return this;
    }

    /** graphics@xauth (sdl), or null. */
    public String xauth() {
        return xauth;
    }

    public GraphicsDef xauth(String xauth) {
        this.xauth = xauth;
        return this;
    }

    /** graphics@fullscreen (sdl, rdp), or null. */
    public Boolean fullscreen() {
        return fullscreen;
    }

    public GraphicsDef fullscreen(Boolean fullscreen) {
        this.fullscreen = fullscreen;
        return this;
    }

    /** graphics@defaultMode (spice), or null. */
    public String defaultMode() {
        return defaultMode;
    }

    public GraphicsDef defaultMode(String defaultMode) {
        this.defaultMode = defaultMode;
        return this;
    }

    /** Other graphics attributes in order (multiUser, replaceUser, ...). */
    public Map<String, String> otherAttrs() {
        return otherAttrs;
    }

    /** {@code <listen>} elements in order. */
    public List<GraphicsListen> listens() {
        return listens;
    }

    /** Other sub-elements (channel, image, gl, audio, ...) kept as parsed. */
    public List<XmlElement> children() {
        return children;
    }

    /** A deep copy. */
    @Override
    public GraphicsDef copy() {
        GraphicsDef c = new GraphicsDef();
        c.copyBase(this);
        c.type = type;
        c.port = port;
        c.autoport = autoport;
        c.tlsPort = tlsPort;
        c.websocket = websocket;
        c.socket = socket;
        c.passwd = passwd;
        c.passwdValidTo = passwdValidTo;
        c.connected = connected;
        c.keymap = keymap;
        c.sharePolicy = sharePolicy;
        c.display = display;
        c.xauth = xauth;
        c.fullscreen = fullscreen;
        c.defaultMode = defaultMode;
        c.otherAttrs.putAll(otherAttrs);
        listens.forEach(l -> c.listens.add(l.copy()));
        children.forEach(x -> c.children.add(x.copy()));
        return c;
    }

    @Override
    public String kind() {
        return "graphics";
    }
}
