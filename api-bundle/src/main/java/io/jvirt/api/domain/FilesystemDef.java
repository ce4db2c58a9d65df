package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code <filesystem>} passed to the guest: mount, block, file, template, ram, bind or volume.
 */
public final class FilesystemDef extends DeviceDef {

    private String type = "mount";
    private String accessmode;
    private String model;
    private String multidevs;
    private String fmode;
    private String dmode;
    private String driverType;
    private String driverFormat;
    private final Map<String, String> driverAttrs = new LinkedHashMap<>();
    private String source;
    private String sourceAttribute;
    private Long sourceUsageKiB;
    private String target;
    private boolean readonly;
    private Long spaceHardLimitKiB;
    private Long spaceSoftLimitKiB;
    private final List<XmlElement> children = new ArrayList<>();

    /** filesystem@type. */
    public String type() {
        return type;
    }

    public FilesystemDef type(String type) {
        this.type = type;
        return this;
    }

    /** filesystem@accessmode (passthrough, mapped, squash), or null. */
    public String accessmode() {
        return accessmode;
    }

    public FilesystemDef accessmode(String accessmode) {
        this.accessmode = accessmode;
        return this;
    }

    /** filesystem@model, or null. */
    public String model() {
        return model;
    }

    public FilesystemDef model(String model) {
        this.model = model;
        return this;
    }

    /** filesystem@multidevs, or null. */
    public String multidevs() {
        return multidevs;
    }

    public FilesystemDef multidevs(String multidevs) {
        this.multidevs = multidevs;
        return this;
    }

    /** filesystem@fmode, or null. */
    public String fmode() {
        return fmode;
    }

    public FilesystemDef fmode(String fmode) {
        this.fmode = fmode;
        return this;
    }

    /** filesystem@dmode, or null. */
    public String dmode() {
        return dmode;
    }

    public FilesystemDef dmode(String dmode) {
        this.dmode = dmode;
        return this;
    }

    /** driver@type (path, handle, loop, nbd, ploop, virtiofs), or null. */
    public String driverType() {
        return driverType;
    }

    public FilesystemDef driverType(String driverType) {
        this.driverType = driverType;
        return this;
    }

    /** driver@format, or null. */
    public String driverFormat() {
        return driverFormat;
    }

    public FilesystemDef driverFormat(String driverFormat) {
        this.driverFormat = driverFormat;
        return this;
    }

    /** Other driver attributes in order. */
    public Map<String, String> driverAttrs() {
        return driverAttrs;
    }

    /** source@dir, @file, @dev, @name or @socket depending on type, or null. */
    public String source() {
        return source;
    }

    public FilesystemDef source(String source) {
        this.source = source;
        return this;
    }

    /** The source attribute that held {@link #source()} (dir, file, dev, name, socket); null: the type's usual one. */
    public String sourceAttribute() {
        return sourceAttribute;
    }

    public FilesystemDef sourceAttribute(String sourceAttribute) {
        this.sourceAttribute = sourceAttribute;
        return this;
    }

    /** source@usage (ram) in KiB, or null. */
    public Long sourceUsageKiB() {
        return sourceUsageKiB;
    }

    public FilesystemDef sourceUsageKiB(Long sourceUsageKiB) {
        this.sourceUsageKiB = sourceUsageKiB;
        return this;
    }

    /** target@dir. */
    public String target() {
        return target;
    }

    public FilesystemDef target(String target) {
        this.target = target;
        return this;
    }

    /** {@code <readonly/>}. */
    public boolean readonly() {
        return readonly;
    }

    public FilesystemDef readonly(boolean readonly) {
        this.readonly = readonly;
        return this;
    }

    /** {@code <space_hard_limit>} in KiB, or null. */
    public Long spaceHardLimitKiB() {
        return spaceHardLimitKiB;
    }

    public FilesystemDef spaceHardLimitKiB(Long spaceHardLimitKiB) {
        this.spaceHardLimitKiB = spaceHardLimitKiB;
        return this;
    }

    /** {@code <space_soft_limit>} in KiB, or null. */
    public Long spaceSoftLimitKiB() {
        return spaceSoftLimitKiB;
    }

    public FilesystemDef spaceSoftLimitKiB(Long spaceSoftLimitKiB) {
        this.spaceSoftLimitKiB = spaceSoftLimitKiB;
        return this;
    }

    /** Other sub-elements (binary, idmap) kept as parsed. */
    public List<XmlElement> children() {
        return children;
    }

    /** A deep copy. */
    @Override
    public FilesystemDef copy() {
        FilesystemDef c = new FilesystemDef();
        c.copyBase(this);
        c.type = type;
        c.accessmode = accessmode;
        c.model = model;
        c.multidevs = multidevs;
        c.fmode = fmode;
        c.dmode = dmode;
        c.driverType = driverType;
        c.driverFormat = driverFormat;
        c.driverAttrs.putAll(driverAttrs);
        c.source = source;
        c.sourceAttribute = sourceAttribute;
        c.sourceUsageKiB = sourceUsageKiB;
        c.target = target;
        c.readonly = readonly;
        c.spaceHardLimitKiB = spaceHardLimitKiB;
        c.spaceSoftLimitKiB = spaceSoftLimitKiB;
        children.forEach(x -> c.children.add(x.copy()));
        return c;
    }

    @Override
    public String kind() {
        return "filesystem";
    }
}
