package io.jvirt.api.domain;


/**
 * The domain's memory sizing: {@code <maxMemory>}, {@code <memory>} and {@code <currentMemory>}, all in KiB.
 */
public final class MemoryDef {

    private Long maxMemoryKiB;
    private Integer maxMemorySlots;
    private long memoryKiB;
    private Long currentMemoryKiB;
    private String dumpCore;

    /** {@code <maxMemory>} in KiB (memory hotplug ceiling), or null. */
    public Long maxMemoryKiB() {
        return maxMemoryKiB;
    }

    public MemoryDef maxMemoryKiB(Long maxMemoryKiB) {
        this.maxMemoryKiB = maxMemoryKiB;
        return this;
    }

    /** {@code maxMemory@slots}, or null. */
    public Integer maxMemorySlots() {
        return maxMemorySlots;
    }

    public MemoryDef maxMemorySlots(Integer maxMemorySlots) {
        this.maxMemorySlots = maxMemorySlots;
        return this;
    }

    /** {@code <memory>}: the maximum memory at boot, in KiB. */
    public long memoryKiB() {
        return memoryKiB;
    }

    public MemoryDef memoryKiB(long memoryKiB) {
        this.memoryKiB = memoryKiB;
        return this;
    }

    /** {@code <currentMemory>} in KiB, or null for "same as memory". */
    public Long currentMemoryKiB() {
        return currentMemoryKiB;
    }

    public MemoryDef currentMemoryKiB(Long currentMemoryKiB) {
        this.currentMemoryKiB = currentMemoryKiB;
        return this;
    }

    /** {@code memory@dumpCore} (on/off), or null. */
    public String dumpCore() {
        return dumpCore;
    }

    public MemoryDef dumpCore(String dumpCore) {
        this.dumpCore = dumpCore;
        return this;
    }

    /** A deep copy. */
    public MemoryDef copy() {
        MemoryDef c = new MemoryDef();
        c.maxMemoryKiB = maxMemoryKiB;
        c.maxMemorySlots = maxMemorySlots;
        c.memoryKiB = memoryKiB;
        c.currentMemoryKiB = currentMemoryKiB;
        c.dumpCore = dumpCore;
        return c;
    }
}
