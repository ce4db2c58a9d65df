package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code <tpm>} device and its {@code <backend>} (passthrough, emulator or external). */
public final class TpmDef extends BasicDeviceDef {

    private String model;
    private String backendType;
    private String backendVersion;
    private final Map<String, String> backendAttrs = new LinkedHashMap<>(0);
    private final List<XmlElement> backendChildren = new ArrayList<>(0);

    /** {@code tpm@model}: tpm-tis, tpm-crb, tpm-spapr, spapr-tpm-proxy; or null. */
    public String model() {
        return model;
    }

    public TpmDef model(String model) {
        this.model = model;
        return this;
    }

    /** {@code backend@type}: passthrough, emulator or external. */
    public String backendType() {
        return backendType;
    }

    public TpmDef backendType(String type) {
        this.backendType = type;
        return this;
    }

    /** {@code backend@version}: 1.2 or 2.0; or null. */
    public String backendVersion() {
        return backendVersion;
    }

    public TpmDef backendVersion(String version) {
        this.backendVersion = version;
        return this;
    }

    /** Other backend attributes ({@code persistent_state}, {@code debug}, ...), in order (modifiable). */
    public Map<String, String> backendAttrs() {
        return backendAttrs;
    }

    /** Backend sub-elements ({@code device}, {@code encryption}, {@code source}, ...) as parsed (modifiable). */
    public List<XmlElement> backendChildren() {
        return backendChildren;
    }

    @Override
    public TpmDef copy() {
        TpmDef c = new TpmDef().model(model).backendType(backendType).backendVersion(backendVersion);
        c.backendAttrs.putAll(backendAttrs);
        backendChildren.forEach(x -> c.backendChildren.add(x.copy()));
        c.copyBasic(this);
        return c;
    }

    @Override
    public String kind() {
        return "tpm";
    }
}
