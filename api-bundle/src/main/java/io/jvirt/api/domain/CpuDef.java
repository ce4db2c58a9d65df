package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <cpu>} element: mode, model and vendor, topology and feature policies.
 */
public final class CpuDef {

    private String mode;
    private String match;
    private String check;
    private Boolean migratable;
    private String model;
    private String modelFallback;
    private String modelVendorId;
    private String vendor;
    private Integer sockets;
    private Integer dies;
    private Integer clusters;
    private Integer cores;
    private Integer threads;
    private final List<CpuFeature> features = new ArrayList<>();
    private final List<XmlElement> kept = new ArrayList<>();

    /** {@code cpu@mode} (custom, host-model, host-passthrough, maximum), or null. */
    public String mode() {
        return mode;
    }

    public CpuDef mode(String mode) {
        this.mode = mode;
        return this;
    }

    /** {@code cpu@match} (minimum, exact, strict), or null. */
    public String match() {
        return match;
    }

    public CpuDef match(String match) {
        this.match = match;
        return this;
    }

    /** {@code cpu@check} (none, partial, full), or null. */
    public String check() {
        return check;
    }

    public CpuDef check(String check) {
        this.check = check;
        return this;
    }

    /** {@code cpu@migratable}, or null. */
    public Boolean migratable() {
        return migratable;
    }

    public CpuDef migratable(Boolean migratable) {
        this.migratable = migratable;
        return this;
    }

    /** {@code <model>} name, or null. */
    public String model() {
        return model;
    }

    public CpuDef model(String model) {
        this.model = model;
        return this;
    }

    /** {@code model@fallback} (allow, forbid), or null. */
    public String modelFallback() {
        return modelFallback;
    }

    public CpuDef modelFallback(String modelFallback) {
        this.modelFallback = modelFallback;
        return this;
    }

    /** {@code model@vendor_id}, or null. */
    public String modelVendorId() {
        return modelVendorId;
    }

    public CpuDef modelVendorId(String modelVendorId) {
        this.modelVendorId = modelVendorId;
        return this;
    }

    /** {@code <vendor>}, or null. */
    public String vendor() {
        return vendor;
    }

    public CpuDef vendor(String vendor) {
        this.vendor = vendor;
        return this;
    }

    /** {@code topology@sockets}, or null when there is no topology. */
    public Integer sockets() {
        return sockets;
    }

    public CpuDef sockets(Integer sockets) {
        this.sockets = sockets;
        return this;
    }

    /** {@code topology@dies}, or null. */
    public Integer dies() {
        return dies;
    }

    public CpuDef dies(Integer dies) {
        this.dies = dies;
        return this;
    }

    /** {@code topology@clusters}, or null. */
    public Integer clusters() {
        return clusters;
    }

    public CpuDef clusters(Integer clusters) {
        this.clusters = clusters;
        return this;
    }

    /** {@code topology@cores}, or null. */
    public Integer cores() {
        return cores;
    }

    public CpuDef cores(Integer cores) {
        this.cores = cores;
        return this;
    }

    /** {@code topology@threads}, or null. */
    public Integer threads() {
        return threads;
    }

    public CpuDef threads(Integer threads) {
        this.threads = threads;
        return this;
    }

    /** {@code <feature policy name>} entries in order. */
    public List<CpuFeature> features() {
        return features;
    }

    /** Known sub-elements kept as parsed (cache, maxphysaddr, numa, signature). */
    public List<XmlElement> kept() {
        return kept;
    }

    /** A deep copy. */
    public CpuDef copy() {
        CpuDef c = new CpuDef();
        c.mode = mode;
        c.match = match;
        c.check = check;
        c.migratable = migratable;
        c.model = model;
        c.modelFallback = modelFallback;
        c.modelVendorId = modelVendorId;
        c.vendor = vendor;
        c.sockets = sockets;
        c.dies = dies;
        c.clusters = clusters;
        c.cores = cores;
        c.threads = threads;
        c.features.addAll(features);
        kept.forEach(x -> c.kept.add(x.copy()));
        return c;
    }

    /** One {@code <feature>} of a CPU: a policy (force, require, optional, disable, forbid; null for host CPU features) and a name. */
    public record CpuFeature(String policy, String name) {
    }
}
