package io.jvirt.api;

import java.util.Objects;

/**
 * One statistic of the host's CPUs or memory ({@code virNodeCPUStats}, {@code virNodeMemoryStats}):
 * its field name as libvirt names it and its value, an unsigned 64-bit number (read it with
 * {@link Long#toUnsignedString(long)}). CPU times are in nanoseconds ("kernel", "user", "idle",
 * "iowait", "intr"; "utilization" is a percentage), memory sizes in KiB ("total", "free",
 * "buffers", "cached").
 *
 * @since 0.13.0
 */
public record NodeStat(String field, long value) {

    /** {@code VIR_NODE_CPU_STATS_ALL_CPUS}: the statistics of all the host's CPUs together. */
    public static final int ALL_CPUS = -1;

    /** {@code VIR_NODE_MEMORY_STATS_ALL_CELLS}: the statistics of all the host's NUMA cells together. */
    public static final int ALL_CELLS = -1;

    public NodeStat {
        Objects.requireNonNull(field, "field");
    }
}
