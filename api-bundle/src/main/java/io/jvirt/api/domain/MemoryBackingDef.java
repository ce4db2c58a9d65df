package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;

/** The {@code <memoryBacking>} element: how guest memory is backed on the host. */
public final class MemoryBackingDef {

    /**
     * A {@code <hugepages><page>}.
     *
     * @param sizeKiB the page size in KiB (0: the host's default huge page size)
     * @param nodeset the guest NUMA nodes it applies to, or null for all
     */
    public record Page(long sizeKiB, String nodeset) {
    }

    private boolean hugepages;
    private final List<Page> pages = new ArrayList<>(0);
    private boolean nosharepages;
    private boolean locked;
    private String sourceType;
    private String accessMode;
    private String allocationMode;
    private Integer allocationThreads;
    private boolean discard;

    /** Whether {@code <hugepages>} is present. */
    public boolean hugepages() {
        return hugepages;
    }

    public MemoryBackingDef hugepages(boolean hugepages) {
        this.hugepages = hugepages;
        return this;
    }

    /** The explicit huge page sizes (modifiable); empty for the default size. */
    public List<Page> pages() {
        return pages;
    }

    public MemoryBackingDef page(long sizeKiB, String nodeset) {
        hugepages = true;
        pages.add(new Page(sizeKiB, nodeset));
        return this;
    }

    /** {@code <nosharepages/>}: no KSM merging. */
    public boolean nosharepages() {
        return nosharepages;
    }

    public MemoryBackingDef nosharepages(boolean v) {
        this.nosharepages = v;
        return this;
    }

    /** {@code <locked/>}: memory locked in host RAM. */
    public boolean locked() {
        return locked;
    }

    public MemoryBackingDef locked(boolean v) {
        this.locked = v;
        return this;
    }

    /** {@code source@type}: anonymous, file, memfd; or null. */
    public String sourceType() {
        return sourceType;
    }

    public MemoryBackingDef sourceType(String v) {
        this.sourceType = v;
        return this;
    }

    /** {@code access@mode}: shared, private; or null. */
    public String accessMode() {
        return accessMode;
    }

    public MemoryBackingDef accessMode(String v) {
        this.accessMode = v;
        return this;
    }

    /** {@code allocation@mode}: immediate, ondemand; or null. */
    public String allocationMode() {
        return allocationMode;
    }

    public MemoryBackingDef allocationMode(String v) {
        this.allocationMode = v;
        return this;
    }

    /** {@code allocation@threads}, or null. */
    public Integer allocationThreads() {
        return allocationThreads;
    }

    public MemoryBackingDef allocationThreads(Integer v) {
        this.allocationThreads = v;
        return this;
    }

    /** {@code <discard/>}: discard memory content on shutdown. */
    public boolean discard() {
        return discard;
    }

    public MemoryBackingDef discard(boolean v) {
        this.discard = v;
        return this;
    }

    /** A deep copy (pages are immutable). */
    public MemoryBackingDef copy() {
        MemoryBackingDef c = new MemoryBackingDef();
        c.hugepages = hugepages;
        c.pages.addAll(pages);
        c.nosharepages = nosharepages;
        c.locked = locked;
        c.sourceType = sourceType;
        c.accessMode = accessMode;
        c.allocationMode = allocationMode;
        c.allocationThreads = allocationThreads;
        c.discard = discard;
        return c;
    }
}
