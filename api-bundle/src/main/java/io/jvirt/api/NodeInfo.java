package io.jvirt.api;

/**
 * What {@code virNodeGetInfo} reports about the host.
 *
 * @param model      CPU model (e.g. "x86_64")
 * @param memoryKiB  memory size in KiB
 * @param cpus       number of active CPUs
 * @param mhz        expected CPU frequency
 * @param nodes      number of NUMA cells
 * @param sockets    CPU sockets per NUMA cell
 * @param cores      cores per socket
 * @param threads    threads per core
 */
public record NodeInfo(String model, long memoryKiB, int cpus, int mhz, int nodes, int sockets, int cores,
                       int threads) {
}
