package io.jvirt.api;

/**
 * What {@code virDomainGetInfo} reports.
 *
 * @param state        the current state
 * @param maxMemoryKiB the maximum memory the domain may use, in KiB
 * @param memoryKiB    the memory the domain uses now, in KiB
 * @param vcpus        the number of virtual CPUs
 * @param cpuTimeNs    CPU time used, in nanoseconds
 */
public record DomainInfo(DomainState state, long maxMemoryKiB, long memoryKiB, int vcpus, long cpuTimeNs) {
}
