package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code <disk>}: file, block, network or volume storage presented as disk, cdrom, floppy or lun.
 */
public final class DiskDef extends DeviceDef {

    private String type = "file";
    private String device = "disk";
    private String model;
    private String snapshot;
    private String sgio;
    private String rawio;
    private String driverName;
    private String driverType;
    private final Map<String, String> driverAttrs = new LinkedHashMap<>();
    private final List<XmlElement> driverChildren = new ArrayList<>();
    private boolean hasSource;
    private String sourcePath;
    private String sourceProtocol;
    private String sourceName;
    private String sourcePool;
    private String sourceVolume;
    private String sourceMode;
    private String sourceActualType;
    private String startupPolicy;
    private final Map<String, String> sourceAttrs = new LinkedHashMap<>();
    private final List<XmlElement> sourceChildren = new ArrayList<>();
    private XmlElement backingStore;
    private String targetDev;
    private String targetBus;
    private final Map<String, String> targetAttrs = new LinkedHashMap<>();
    private boolean readonly;
    private boolean shareable;
    private String serial;
    private String wwn;
    private String vendor;
    private String product;
    private final List<XmlElement> kept = new ArrayList<>();

    /** disk@type: file, block, dir, network, volume, nvme, vhostuser, vhostvdpa. */
    public String type() {
        return type;
    }

    public DiskDef type(String type) {
        this.type = type;
        return this;
    }

    /** disk@device: disk, cdrom, floppy, lun. */
    public String device() {
        return device;
    }

    public DiskDef device(String device) {
        this.device = device;
        return this;
    }

    /** disk@model, or null. */
    public String model() {
        return model;
    }

    public DiskDef model(String model) {
        this.model = model;
        return this;
    }

    /** disk@snapshot, or null. */
    public String snapshot() {
        return snapshot;
    }

    public DiskDef snapshot(String snapshot) {
        this.snapshot = snapshot;
        return this;
    }

    /** disk@sgio, or null. */
    public String sgio() {
        return sgio;
    }

    public DiskDef sgio(String sgio) {
        this.sgio = sgio;
        return this;
    }

    /** disk@rawio, or null. */
    public String rawio() {
        return rawio;
    }

    public DiskDef rawio(String rawio) {
        this.rawio = rawio;
        return this;
    }

    /** driver@name, or null. */
    public String driverName() {
        return driverName;
    }

    public DiskDef driverName(String driverName) {
        this.driverName = driverName;
        return this;
    }

    /** driver@type (raw, qcow2, ...), or null. */
    public String driverType() {
        return driverType;
    }

    public DiskDef driverType(String driverType) {
        this.driverType = driverType;
        return this;
    }

    /** Other {@code <driver>} attributes (cache, io, discard, ...) in order. */
    public Map<String, String> driverAttrs() {
        return driverAttrs;
    }

    /** {@code <driver>} sub-elements (iothreads, metadata_cache) kept as parsed. */
    public List<XmlElement> driverChildren() {
        return driverChildren;
    }

    /** Whether a {@code <source>} element is written. */
    public boolean hasSource() {
        return hasSource;
    }

    public DiskDef hasSource(boolean hasSource) {
        this.hasSource = hasSource;
        return this;
    }

    /** source@file, source@dev or source@dir depending on type, or null. */
    public String sourcePath() {
        return sourcePath;
    }

    public DiskDef sourcePath(String sourcePath) {
        this.sourcePath = sourcePath;
        return this;
    }

    /** source@protocol for network disks, or null. */
    public String sourceProtocol() {
        return sourceProtocol;
    }

    public DiskDef sourceProtocol(String sourceProtocol) {
        this.sourceProtocol = sourceProtocol;
        return this;
    }

    /** source@name for network disks, or null. */
    public String sourceName() {
        return sourceName;
    }

    public DiskDef sourceName(String sourceName) {
        this.sourceName = sourceName;
        return this;
    }

    /** source@pool for volume disks, or null. */
    public String sourcePool() {
        return sourcePool;
    }

    public DiskDef sourcePool(String sourcePool) {
        this.sourcePool = sourcePool;
        return this;
    }

    /** source@volume for volume disks, or null. */
    public String sourceVolume() {
        return sourceVolume;
    }

    public DiskDef sourceVolume(String sourceVolume) {
        this.sourceVolume = sourceVolume;
        return this;
    }

    /** source@mode for volume disks, or null. */
    public String sourceMode() {
        return sourceMode;
    }

    public DiskDef sourceMode(String sourceMode) {
        this.sourceMode = sourceMode;
        return this;
    }

    /**
     * What a {@code type='volume'} disk's volume turned out to be when the domain started (libvirt's
     * srcpool->actualtype: "file", "block" or "dir"), with its path in {@link #sourcePath()}; null
     * otherwise. Run-time state of a live definition, never part of the XML.
     *
     * @since 0.8.0
     */
    public String sourceActualType() {
        return sourceActualType;
    }

    /** @since 0.8.0 */
    public DiskDef sourceActualType(String sourceActualType) {
        this.sourceActualType = sourceActualType;
        return this;
    }

    /** source@startupPolicy, or null. */
    public String startupPolicy() {
        return startupPolicy;
    }

    public DiskDef startupPolicy(String startupPolicy) {
        this.startupPolicy = startupPolicy;
        return this;
    }

    /** Other {@code <source>} attributes (index, tls, query, ...) in order. */
    public Map<String, String> sourceAttrs() {
        return sourceAttrs;
    }

    /** {@code <source>} sub-elements (host, auth, seclabel, ...) kept as parsed. */
    public List<XmlElement> sourceChildren() {
        return sourceChildren;
    }

    /** The {@code <backingStore>} chain kept as parsed, or null. */
    public XmlElement backingStore() {
        return backingStore;
    }

    public DiskDef backingStore(XmlElement backingStore) {
        this.backingStore = backingStore;
        return this;
    }

    /** target@dev (vda, hdc, ...). */
    public String targetDev() {
        return targetDev;
    }

    public DiskDef targetDev(String targetDev) {
        this.targetDev = targetDev;
        return this;
    }

    /** target@bus (ide, scsi, virtio, usb, sata, fdc, ...), or null. */
    public String targetBus() {
        return targetBus;
    }

    public DiskDef targetBus(String targetBus) {
        this.targetBus = targetBus;
        return this;
    }

    /** Other {@code <target>} attributes (tray, removable, rotation_rate). */
    public Map<String, String> targetAttrs() {
        return targetAttrs;
    }

    /** {@code <readonly/>}. */
    public boolean readonly() {
        return readonly;
    }

    public DiskDef readonly(boolean readonly) {
        this.readonly = readonly;
        return this;
    }

    /** {@code <shareable/>}. */
    public boolean shareable() {
        return shareable;
    }

    public DiskDef shareable(boolean shareable) {
        this.shareable = shareable;
        return this;
    }

    /** {@code <serial>}, or null. */
    public String serial() {
        return serial;
    }

    public DiskDef serial(String serial) {
        this.serial = serial;
        return this;
    }

    /** {@code <wwn>}, or null. */
    public String wwn() {
        return wwn;
    }

    public DiskDef wwn(String wwn) {
        this.wwn = wwn;
        return this;
    }

    /** {@code <vendor>}, or null. */
    public String vendor() {
        return vendor;
    }

    public DiskDef vendor(String vendor) {
        this.vendor = vendor;
        return this;
    }

    /** {@code <product>}, or null. */
    public String product() {
        return product;
    }

    public DiskDef product(String product) {
        this.product = product;
        return this;
    }

    /** Known sub-elements kept as parsed (iotune, encryption, geometry, ...). */
    public List<XmlElement> kept() {
        return kept;
    }

    /** A deep copy. */
    @Override
    public DiskDef copy() {
        DiskDef c = new DiskDef();
        c.copyBase(this);
        c.type = type;
        c.device = device;
        c.model = model;
        c.snapshot = snapshot;
        c.sgio = sgio;
        c.rawio = rawio;
        c.driverName = driverName;
        c.driverType = driverType;
        c.driverAttrs.putAll(driverAttrs);
        driverChildren.forEach(x -> c.driverChildren.add(x.copy()));
        c.hasSource = hasSource;
        c.sourcePath = sourcePath;
        c.sourceProtocol = sourceProtocol;
        c.sourceName = sourceName;
        c.sourcePool = sourcePool;
        c.sourceVolume = sourceVolume;
        c.sourceMode = sourceMode;
        c.sourceActualType = sourceActualType;
        c.startupPolicy = startupPolicy;
        c.sourceAttrs.putAll(sourceAttrs);
        sourceChildren.forEach(x -> c.sourceChildren.add(x.copy()));
        c.backingStore = backingStore == null ? null : backingStore.copy();
        c.targetDev = targetDev;
        c.targetBus = targetBus;
        c.targetAttrs.putAll(targetAttrs);
        c.readonly = readonly;
        c.shareable = shareable;
        c.serial = serial;
        c.wwn = wwn;
        c.vendor = vendor;
        c.product = product;
        kept.forEach(x -> c.kept.add(x.copy()));
        return c;
    }

    @Override
    public String kind() {
        return "disk";
    }
}
