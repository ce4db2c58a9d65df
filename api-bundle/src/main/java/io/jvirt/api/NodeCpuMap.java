package io.jvirt.api;

import java.util.BitSet;
import java.util.Objects;

/**
 * The host's CPUs ({@code virNodeGetCPUMap}): how many there are (the highest CPU number plus one)
 * and which are online.
 *
 * @since 0.7.0
 */
public record NodeCpuMap(int cpus, BitSet online) {

    public NodeCpuMap {
        Objects.requireNonNull(online, "online");
        online = (BitSet) online.clone();
    }

    @Override
    public BitSet online() {
        return (BitSet) online.clone();
    }

    /** The number of online CPUs. */
    public int onlineCount() {
        return online.cardinality();
    }
}
