package io.jvirt.api;

/**
 * What one memory statistic of {@link Domain#memoryStats()} measures: libvirt's
 * {@code virDomainMemoryStatTags}, with its numbers and the word virsh's {@code dommemstat} prints.
 * Sizes are in KiB, as libvirt reports them; the fault and huge page entries are counts.
 *
 * @since 0.2.0
 */
public enum MemoryStatTag {
    /** KiB swapped in by the guest (guest view). */
    SWAP_IN(0, "swap_in"),
    /** KiB swapped out by the guest (guest view). */
    SWAP_OUT(1, "swap_out"),
    /** Page faults that needed disk I/O, a count. */
    MAJOR_FAULT(2, "major_fault"),
    /** Page faults served without disk I/O, a count. */
    MINOR_FAULT(3, "minor_fault"),
    /** KiB the guest leaves completely unused ("MemFree"). */
    UNUSED(4, "unused"),
    /** KiB the guest OS sees as its total memory ("MemTotal"). */
    AVAILABLE(5, "available"),
    /** KiB the guest has now: the balloon's size (or the current memory without a balloon). */
    ACTUAL_BALLOON(6, "actual"),
    /** KiB of host memory the domain's process resides in (resident set size). */
    RSS(7, "rss"),
    /** KiB the guest could use without swapping ("MemAvailable"). */
    USABLE(8, "usable"),
    /** When the guest last updated these statistics, in seconds since the epoch. */
    LAST_UPDATE(9, "last_update"),
    /** KiB of guest memory that can be reclaimed at once (disk caches). */
    DISK_CACHES(10, "disk_caches"),
    /** Successful huge page allocations in the guest, a count. */
    HUGETLB_PGALLOC(11, "hugetlb_pgalloc"),
    /** Failed huge page allocations in the guest, a count. */
    HUGETLB_PGFAIL(12, "hugetlb_pgfail");

    private final int number;
    private final String label;

    MemoryStatTag(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /** libvirt's {@code VIR_DOMAIN_MEMORY_STAT_*} number. */
    public int number() {
        return number;
    }

    /** The name virsh's {@code dommemstat} prints ("actual", "rss", ...). */
    public String label() {
        return label;
    }

    /** The tag with libvirt's number {@code n}. */
    public static MemoryStatTag ofNumber(int n) {
        for (MemoryStatTag t : values()) {
            if (t.number == n) {
                return t;
            }
        }
        throw new IllegalArgumentException("no memory statistic tag " + n);
    }
}
