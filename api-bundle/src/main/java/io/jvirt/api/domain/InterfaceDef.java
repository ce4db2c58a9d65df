package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network {@code <interface>}: network, bridge, user, ethernet, direct, hostdev and the other libvirt types.
 */
public final class InterfaceDef extends DeviceDef {

    private String type = "network";
    private String mac;
    private String macType;
    private String macCheck;
    private String sourceNetwork;
    private String sourcePortgroup;
    private String sourceBridge;
    private String sourceDev;
    private String sourceMode;
    private final Map<String, String> sourceAttrs = new LinkedHashMap<>();
    private final List<XmlElement> sourceChildren = new ArrayList<>();
    private String targetDev;
    private String targetManaged;
    private String model;
    private XmlElement bandwidth;
    private XmlElement vlan;
    private String linkState;
    private Integer mtu;
    private String trustGuestRxFilters;
    private String managed;
    private final List<XmlElement> kept = new ArrayList<>();

    /** interface@type. */
    public String type() {
        return type;
    }

    public InterfaceDef type(String type) {
        this.type = type;
        return this;
    }

    /** {@code mac@address} in canonical lower-case form (generated when absent). */
    public String mac() {
        return mac;
    }

    public InterfaceDef mac(String mac) {
        this.mac = mac;
        return this;
    }

    /** mac@type (generated, static), or null. */
    public String macType() {
        return macType;
    }

    public InterfaceDef macType(String macType) {
        this.macType = macType;
        return this;
    }

    /** mac@check, or null. */
    public String macCheck() {
        return macCheck;
    }

    public InterfaceDef macCheck(String macCheck) {
        this.macCheck = macCheck;
        return this;
    }

    /** source@network, or null. */
    public String sourceNetwork() {
        return sourceNetwork;
    }

    public InterfaceDef sourceNetwork(String sourceNetwork) {
        this.sourceNetwork = sourceNetwork;
        return this;
    }

    /** source@portgroup, or null. */
    public String sourcePortgroup() {
        return sourcePortgroup;
    }

    public InterfaceDef sourcePortgroup(String sourcePortgroup) {
        this.sourcePortgroup = sourcePortgroup;
        return this;
    }

    /** source@bridge, or null. */
    public String sourceBridge() {
        return sourceBridge;
    }

    public InterfaceDef sourceBridge(String sourceBridge) {
        this.sourceBridge = sourceBridge;
        return this;
    }

    /** source@dev (direct, vdpa), or null. */
    public String sourceDev() {
        return sourceDev;
    }

    public InterfaceDef sourceDev(String sourceDev) {
        this.sourceDev = sourceDev;
        return this;
    }

    /** source@mode (direct: vepa, bridge, private, passthrough; vhostuser: client, server), or null. */
    public String sourceMode() {
        return sourceMode;
    }

    public InterfaceDef sourceMode(String sourceMode) {
        this.sourceMode = sourceMode;
        return this;
    }

    /** Other {@code <source>} attributes in order. */
    public Map<String, String> sourceAttrs() {
        return sourceAttrs;
    }

    /** {@code <source>} sub-elements (hostdev address, local) kept as parsed. */
    public List<XmlElement> sourceChildren() {
        return sourceChildren;
    }

    /** target@dev: the host-side device name, or null. */
    public String targetDev() {
        return targetDev;
    }

    public InterfaceDef targetDev(String targetDev) {
        this.targetDev = targetDev;
        return this;
    }

    /** target@managed, or null. */
    public String targetManaged() {
        return targetManaged;
    }

    public InterfaceDef targetManaged(String targetManaged) {
        this.targetManaged = targetManaged;
        return this;
    }

    /** model@type (virtio, e1000, rtl8139, ...), or null. */
    public String model() {
        return model;
    }

    public InterfaceDef model(String model) {
        this.model = model;
        return this;
    }

    /** {@code <bandwidth>} kept as parsed, or null. */
    public XmlElement bandwidth() {
        return bandwidth;
    }

    public InterfaceDef bandwidth(XmlElement bandwidth) {
        this.bandwidth = bandwidth;
        return this;
    }

    /** {@code <vlan>} kept as parsed, or null. */
    public XmlElement vlan() {
        return vlan;
    }

    public InterfaceDef vlan(XmlElement vlan) {
        this.vlan = vlan;
        return this;
    }

    /** link@state (up, down), or null. */
    public String linkState() {
        return linkState;
    }

    public InterfaceDef linkState(String linkState) {
        this.linkState = linkState;
        return this;
    }

    /** mtu@size, or null. */
    public Integer mtu() {
        return mtu;
    }

    public InterfaceDef mtu(Integer mtu) {
        this.mtu = mtu;
        return this;
    }

    /** interface@trustGuestRxFilters, or null. */
    public String trustGuestRxFilters() {
        return trustGuestRxFilters;
    }

    public InterfaceDef trustGuestRxFilters(String trustGuestRxFilters) {
        this.trustGuestRxFilters = trustGuestRxFilters;
        return this;
    }

    /** interface@managed (hostdev), or null. */
    public String managed() {
        return managed;
    }

    public InterfaceDef managed(String managed) {
        this.managed = managed;
        return this;
    }

    /** Known sub-elements kept as parsed (virtualport, ip, driver, filterref, ...). */
    public List<XmlElement> kept() {
        return kept;
    }

    /** A deep copy. */
    @Override
    public InterfaceDef copy() {
        InterfaceDef c = new InterfaceDef();
        c.copyBase(this);
        c.type = type;
        c.mac = mac;
        c.macType = macType;
        c.macCheck = macCheck;
        c.sourceNetwork = sourceNetwork;
        c.sourcePortgroup = sourcePortgroup;
        c.sourceBridge = sourceBridge;
        c.sourceDev = sourceDev;
        c.sourceMode = sourceMode;
        c.sourceAttrs.putAll(sourceAttrs);
        sourceChildren.forEach(x -> c.sourceChildren.add(x.copy()));
        c.targetDev = targetDev;
        c.targetManaged = targetManaged;
        c.model = model;
        c.bandwidth = bandwidth == null ? null : bandwidth.copy();
        c.vlan = vlan == null ? null : vlan.copy();
        c.linkState = linkState;
        c.mtu = mtu;
        c.trustGuestRxFilters = trustGuestRxFilters;
        c.managed = managed;
        kept.forEach(x -> c.kept.add(x.copy()));
        return c;
    }

    @Override
    public String kind() {
        return "interface";
    }
}
