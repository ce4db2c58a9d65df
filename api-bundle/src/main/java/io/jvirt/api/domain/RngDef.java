package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@code <rng>} device and its {@code <backend>} (random file, egd character device or builtin). */
public final class RngDef extends BasicDeviceDef {

    private String model;
    private String backendModel;
    private String backendPath;
    private final Map<String, String> backendAttrs = new LinkedHashMap<>(0);
    private final List<XmlElement> backendChildren = new ArrayList<>(0);

    /** {@code rng@model}: virtio (or its transitional variants). */
    public String model() {
        return model;
    }

    public RngDef model(String model) {
        this.model = model;
        return this;
    }

    /** {@code backend@model}: random, egd or builtin. */
    public String backendModel() {
        return backendModel;
    }

    public RngDef backendModel(String model) {
        this.backendModel = model;
        return this;
    }

    /** The host file a random backend reads ({@code <backend model='random'>/dev/urandom</backend>}), or null. */
    public String backendPath() {
        return backendPath;
    }

    public RngDef backendPath(String path) {
        this.backendPath = path;
        return this;
    }

    /** Other backend attributes (an egd backend's {@code type}), in order (modifiable). */
    public Map<String, String> backendAttrs() {
        return backendAttrs;
    }

    /** Backend sub-elements (an egd backend's {@code source}, {@code protocol}) as parsed (modifiable). */
    public List<XmlElement> backendChildren() {
        return backendChildren;
    }

    @Override
    public RngDef copy() {
        RngDef c = new RngDef().model(model).backendModel(backendModel).backendPath(backendPath);
        c.backendAttrs.putAll(backendAttrs);
        backendChildren.forEach(x -> c.backendChildren.add(x.copy()));
        c.copyBasic(this);
        return c;
    }

    @Override
    public String kind() {
        return "rng";
    }
}
