package io.jvirt.api.domain;

/** An {@code <input>}: mouse, tablet, keyboard, passthrough or evdev, on a ps2, usb, xen or virtio bus. */
public final class InputDef extends BasicDeviceDef {

    private String type;
    private String bus;
    private String model;

    public InputDef() {
    }

    public InputDef(String type, String bus) {
        this.type = type;
        this.bus = bus;
    }

    /** {@code input@type}. */
    public String type() {
        return type;
    }

    public InputDef type(String type) {
        this.type = type;
        return this;
    }

    /** {@code input@bus}, or null. */
    public String bus() {
        return bus;
    }

    public InputDef bus(String bus) {
        this.bus = bus;
        return this;
    }

    /** {@code input@model} (virtio variants), or null. */
    public String model() {
        return model;
    }

    public InputDef model(String model) {
        this.model = model;
        return this;
    }

    @Override
    public InputDef copy() {
        InputDef c = new InputDef(type, bus).model(model);
        c.copyBasic(this);
        return c;
    }

    @Override
    public String kind() {
        return "input";
    }
}
