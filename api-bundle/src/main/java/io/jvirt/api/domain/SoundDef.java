package io.jvirt.api.domain;

/** A {@code <sound>} card; its codecs and audio backend reference are kept as parsed. */
public final class SoundDef extends BasicDeviceDef {

    private String model;

    /** {@code sound@model}: sb16, es1370, pcspk, ac97, ich6, ich7, ich9, usb, virtio. */
    public String model() {
        return model;
    }

    public SoundDef model(String model) {
        this.model = model;
        return this;
    }

    @Override
    public SoundDef copy() {
        SoundDef c = new SoundDef().model(model);
        c.copyBasic(this);
        return c;
    }

    @Override
    public String kind() {
        return "sound";
    }
}
