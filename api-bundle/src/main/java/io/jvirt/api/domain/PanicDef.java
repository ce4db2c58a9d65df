package io.jvirt.api.domain;

/** A {@code <panic>} notifier device. */
public final class PanicDef extends BasicDeviceDef {

    private String model;

    /** {@code panic@model} (isa, pseries, hyperv, s390, pvpanic), or null for the hypervisor's default. */
    public String model() {
        return model;
    }

    public PanicDef model(String model) {
        this.model = model;
        return this;
    }

    @Override
    public PanicDef copy() {
        PanicDef c = new PanicDef().model(model);
        c.copyBasic(this);
        return c;
    }

    @Override
    public String kind() {
        return "panic";
    }
}
