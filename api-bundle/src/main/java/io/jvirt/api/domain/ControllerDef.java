package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code <controller>}: ide, fdc, scsi, sata, usb, ccid, virtio-serial, pci, xenbus, isa.
 */
public final class ControllerDef extends DeviceDef {

    private String type;
    private int index = -1;
    private String model;
    private final Map<String, String> otherAttrs = new LinkedHashMap<>();
    private XmlElement driver;
    private final List<XmlElement> children = new ArrayList<>();

    /** controller@type. */
    public String type() {
        return type;
    }

    public ControllerDef type(String type) {
        this.type = type;
        return this;
    }

    /** controller@index (-1: not yet assigned). */
    public int index() {
        return index;
    }

    public ControllerDef index(int index) {
        this.index = index;
        return this;
    }

    /** controller@model, or null. */
    public String model() {
        return model;
    }

    public ControllerDef model(String model) {
        this.model = model;
        return this;
    }

    /** Other controller attributes (ports, vectors, maxGrantFrames, ...) in order. */
    public Map<String, String> otherAttrs() {
        return otherAttrs;
    }

    /** {@code <driver>} kept as parsed, or null. */
    public XmlElement driver() {
        return driver;
    }

    public ControllerDef driver(XmlElement driver) {
        this.driver = driver;
        return this;
    }

    /** Other sub-elements (target, model, master, pcihole64) kept as parsed. */
    public List<XmlElement> children() {
        return children;
    }

    /** A deep copy. */
    @Override
    public ControllerDef copy() {
        ControllerDef c = new ControllerDef();
        c.copyBase(this);
        c.type = type;
        c.index = index;
        c.model = model;
        c.otherAttrs.putAll(otherAttrs);
        c.driver = driver == null ? null : driver.copy();
        children.forEach(x -> c.children.add(x.copy()));
        return c;
    }

    @Override
    public String kind() {
        return "controller";
    }
}
