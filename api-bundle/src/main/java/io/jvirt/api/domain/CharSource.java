package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code <source>} of a character device.
 */
public final class CharSource {

    private String mode;
    private String path;
    private String host;
    private String service;
    private String append;
    private String channel;
    private String master;
    private String slave;
    private String tls;
    private final List<XmlElement> children = new ArrayList<>();

    /** source@mode (bind, connect), or null. */
    public String mode() {
        return mode;
    }

    public CharSource mode(String mode) {
        this.mode = mode;
        return this;
    }

    /** source@path (file, pty, unix, dev, pipe), or null. */
    public String path() {
        return path;
    }

    public CharSource path(String path) {
        this.path = path;
        return this;
    }

    /** source@host (tcp, udp), or null. */
    public String host() {
        return host;
    }

    public CharSource host(String host) {
        this.host = host;
        return this;
    }

    /** source@service (tcp, udp port), or null. */
    public String service() {
        return service;
    }

    public CharSource service(String service) {
        this.service = service;
        return this;
    }

    /** source@append (file), or null. */
    public String append() {
        return append;
    }

    public CharSource append(String append) {
        this.append = append;
        return this;
    }

    /** source@channel (spicevmc/spiceport), or null. */
    public String channel() {
        return channel;
    }

    public CharSource channel(String channel) {
        this.channel = channel;
        return this;
    }

    /** source@master (nmdm), or null. */
    public String master() {
        return master;
    }

    public CharSource master(String master) {
        this.master = master;
        return this;
    }

    /** source@slave (nmdm), or null. */
    public String slave() {
        return slave;
    }

    public CharSource slave(String slave) {
        this.slave = slave;
        return this;
    }

    /** source@tls (tcp), or null. */
    public String tls() {
        return tls;
    }

    public CharSource tls(String tls) {
        this.tls = tls;
        return this;
    }

    /** Sub-elements (seclabel, reconnect) kept as parsed. */
    public List<XmlElement> children() {
        return children;
    }

    /** A deep copy. */
    public CharSource copy() {
        CharSource c = new CharSource();
        c.mode = mode;
        c.path = path;
        c.host = host;
        c.service = service;
        c.append = append;
        c.channel = channel;
        c.master = master;
        c.slave = slave;
        c.tls = tls;
        children.forEach(x -> c.children.add(x.copy()));
        return c;
    }
}
