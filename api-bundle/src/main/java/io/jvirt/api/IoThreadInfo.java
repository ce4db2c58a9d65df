package io.jvirt.api;

import java.util.BitSet;
import java.util.Objects;

/**
 * One I/O thread of a domain ({@code virDomainIOThreadInfo}): its id (unsigned, at least 1) and
 * the host CPUs it may run on.
 *
 * @since 0.12.0
 */
public record IoThreadInfo(int id, BitSet cpus) {

    public IoThreadInfo {
        Objects.requireNonNull(cpus, "cpus");
        cpus = (BitSet) cpus.clone();
    }

    @Override
    public BitSet cpus() {
        return (BitSet) cpus.clone();
    }
}
