package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A character device: {@code <serial>}, {@code <parallel>}, {@code <console>} or {@code <channel>} with a pty, file, unix, tcp, udp, null, ... backend.
 */
public final class CharDeviceDef extends DeviceDef {

    private String kind = "serial";
    private String type = "pty";
    private String tty;
    private final List<CharSource> sources = new ArrayList<>();
    private String protocol;
    private String targetType;
    private Integer targetPort;
    private String targetName;
    private String targetAddress;
    private String targetState;
    private XmlElement targetModel;
    private final Map<String, String> targetAttrs = new LinkedHashMap<>();
    private final List<XmlElement> logAndOthers = new ArrayList<>();

    /** The element: serial, parallel, console or channel. */
    @Override
    public String kind() {
        return kind;
    }

    public CharDeviceDef kind(String kind) {
        this.kind = kind;
        return this;
    }

    /** The backend type (pty, file, unix, tcp, udp, null, vc, stdio, dev, pipe, spicevmc, ...). */
    public String type() {
        return type;
    }

    public CharDeviceDef type(String type) {
        this.type = type;
        return this;
    }

    /**
     * The pty a driver found for a running device, or null. Neither read from XML nor written:
     * libvirt's {@code tty} attribute is derived from the first console's live source path.
     */
    public String tty() {
        return tty;
    }

    public CharDeviceDef tty(String tty) {
        this.tty = tty;
        return this;
    }

    /** The {@code <source>} elements in canonical order. */
    public List<CharSource> sources() {
        return sources;
    }

    /** protocol@type (raw, telnet, telnets, tls) for tcp, or null. */
    public String protocol() {
        return protocol;
    }

    public CharDeviceDef protocol(String protocol) {
        this.protocol = protocol;
        return this;
    }

    /** target@type, or null. */
    public String targetType() {
        return targetType;
    }

    public CharDeviceDef targetType(String targetType) {
        this.targetType = targetType;
        return this;
    }

    /** target@port, or null. */
    public Integer targetPort() {
        return targetPort;
    }

    public CharDeviceDef targetPort(Integer targetPort) {
        this.targetPort = targetPort;
        return this;
    }

    /** target@name (channel), or null. */
    public String targetName() {
        return targetName;
    }

    public CharDeviceDef targetName(String targetName) {
        this.targetName = targetName;
        return this;
    }

    /** target@address (guestfwd channel), or null. */
    public String targetAddress() {
        return targetAddress;
    }

    public CharDeviceDef targetAddress(String targetAddress) {
        this.targetAddress = targetAddress;
        return this;
    }

    /** target@state (virtio channel, live), or null. */
    public String targetState() {
        return targetState;
    }

    public CharDeviceDef targetState(String targetState) {
        this.targetState = targetState;
        return this;
    }

    /** target/model kept as parsed, or null. */
    public XmlElement targetModel() {
        return targetModel;
    }

    public CharDeviceDef targetModel(XmlElement targetModel) {
        this.targetModel = targetModel;
        return this;
    }

    /** Other target attributes in order. */
    public Map<String, String> targetAttrs() {
        return targetAttrs;
    }

    /** {@code <log>} and other known sub-elements kept as parsed. */
    public List<XmlElement> logAndOthers() {
        return logAndOthers;
    }

    /** A deep copy. */
    @Override
    public CharDeviceDef copy() {
        CharDeviceDef c = new CharDeviceDef();
        c.copyBase(this);
        c.kind = kind;
        c.type = type;
        c.tty = tty;
        sources.forEach(s -> c.sources.add(s.copy()));
        c.protocol = protocol;
        c.targetType = targetType;
        c.targetPort = targetPort;
        c.targetName = targetName;
        c.targetAddress = targetAddress;
        c.targetState = targetState;
        c.targetModel = targetModel == null ? null : targetModel.copy();
        c.targetAttrs.putAll(targetAttrs);
        logAndOthers.forEach(x -> c.logAndOthers.add(x.copy()));
        return c;
    }
}
