package io.jvirt.api.domain;

/** The {@code <memballoon>} device. */
public final class MemballoonDef extends BasicDeviceDef {

    private String model;
    private String autodeflate;
    private String freePageReporting;
    private Integer statsPeriod;

    /** {@code memballoon@model}: virtio (and its transitional variants), xen or none. */
    public String model() {
        return model;
    }

    public MemballoonDef model(String model) {
        this.model = model;
        return this;
    }

    /** {@code autodeflate} (on/off), or null. */
    public String autodeflate() {
        return autodeflate;
    }

    public MemballoonDef autodeflate(String v) {
        this.autodeflate = v;
        return this;
    }

    /** {@code freePageReporting} (on/off), or null. */
    public String freePageReporting() {
        return freePageReporting;
    }

    public MemballoonDef freePageReporting(String v) {
        this.freePageReporting = v;
        return this;
    }

    /** {@code <stats period='N'/>}: the statistics collection period in seconds, or null. */
    public Integer statsPeriod() {
        return statsPeriod;
    }

    public MemballoonDef statsPeriod(Integer seconds) {
        this.statsPeriod = seconds;
        return this;
    }

    @Override
    public MemballoonDef copy() {
        MemballoonDef c = new MemballoonDef().model(model).autodeflate(autodeflate)
            .freePageReporting(freePageReporting).statsPeriod(statsPeriod);
        c.copyBasic(this);
        return c;
    }

    @Override
    public String kind() {
        return "memballoon";
    }
}
