package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code <video>} device: its {@code <model>} (type, memory sizes in KiB, heads, primary). */
public final class VideoDef extends BasicDeviceDef {

    private String modelType;
    private Integer ram;
    private Integer vram;
    private Integer vram64;
    private Integer vgamem;
    private Integer heads;
    private Boolean primary;
    private final Map<String, String> modelAttrs = new LinkedHashMap<>(0);
    private final List<XmlElement> modelChildren = new ArrayList<>(0);

    /** {@code model@type} (vga, cirrus, vmvga, xen, vbox, qxl, virtio, gop, bochs, ramfb, none), or null. */
    public String modelType() {
        return modelType;
    }

    public VideoDef modelType(String type) {
        this.modelType = type;
        return this;
    }

    /** {@code model@ram} in KiB (qxl), or null. */
    public Integer ram() {
        return ram;
    }

    public VideoDef ram(Integer kib) {
        this.ram = kib;
        return this;
    }

    /** {@code model@vram} in KiB, or null. */
    public Integer vram() {
        return vram;
    }

    public VideoDef vram(Integer kib) {
        this.vram = kib;
        return this;
    }

    /** {@code model@vram64} in KiB (qxl), or null. */
    public Integer vram64() {
        return vram64;
    }

    public VideoDef vram64(Integer kib) {
        this.vram64 = kib;
        return this;
    }

    /** {@code model@vgamem} in KiB, or null. */
    public Integer vgamem() {
        return vgamem;
    }

    public VideoDef vgamem(Integer kib) {
        this.vgamem = kib;
        return this;
    }

    /** {@code model@heads}, or null. */
    public Integer heads() {
        return heads;
    }

    public VideoDef heads(Integer heads) {
        this.heads = heads;
        return this;
    }

    /** {@code model@primary='yes'}: the primary video device; null when not said. */
    public Boolean primary() {
        return primary;
    }

    public VideoDef primary(Boolean primary) {
        this.primary = primary;
        return this;
    }

    /** Whether the device has a {@code <model>} element to write. */
    public boolean hasModel() {
        return modelType != null || ram != null || vram != null || vram64 != null || vgamem != null || heads != null
            || primary != null || !modelAttrs.isEmpty() || !modelChildren.isEmpty();
    }

    /** Other {@code <model>} attributes ({@code blob}, ...), in order (modifiable). */
    public Map<String, String> modelAttrs() {
        return modelAttrs;
    }

    /** {@code <model>} sub-elements ({@code acceleration}, {@code resolution}) as parsed (modifiable). */
    public List<XmlElement> modelChildren() {
        return modelChildren;
    }

    @Override
    public VideoDef copy() {
        VideoDef c = new VideoDef().modelType(modelType).ram(ram).vram(vram).vram64(vram64).vgamem(vgamem)
            .heads(heads).primary(primary);
        c.modelAttrs.putAll(modelAttrs);
        modelChildren.forEach(x -> c.modelChildren.add(x.copy()));
        c.copyBasic(this);
        return c;
    }

    @Override
    public String kind() {
        return "video";
    }
}
