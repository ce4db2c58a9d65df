package io.jvirt.server;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real virsh 9.0's cpu-stats against jvirt's test driver over the wire gives what the same virsh
 * gives on libvirt's own test driver (whose numbers are made up and fixed, so nothing needs
 * masking): per CPU and total, --start and --count in and out of range, an inactive domain.
 */
class CpuStatsOverTheWireTest {

    @RegisterExtension
    final VirshWire wire = new VirshWire().freshPerRun();

    @Test
    void perCpuAndTotal() throws IOException {
        wire.sameAsLibvirt("cpu-stats test; cpu-stats test --total; cpu-stats test --start 1; cpu-stats test --start 0 --count 1;"
            + " cpu-stats test --count 10; cpu-stats test --count 0; cpu-stats test --start 1 --total");
        wire.sameOnNodeFile("cpu-stats fv0; cpu-stats fc4 --start 2 --count 1; cpu-stats fc5 --total");
    }

    @Test
    void badStartsAndCounts() throws IOException {
        wire.sameAsLibvirt("cpu-stats test --start -1");
        wire.sameAsLibvirt("cpu-stats test --start 2");
        wire.sameAsLibvirt("cpu-stats test --start 5 --count 1");
        wire.sameAsLibvirt("cpu-stats test --start x");
        wire.sameAsLibvirt("cpu-stats test --count -1");
        wire.sameAsLibvirt("cpu-stats test --count y");
        wire.sameOnNodeFile("cpu-stats fv0 --start 4");
    }

    @Test
    void anInactiveDomainHasNone() throws IOException {
        wire.sameAsLibvirt("destroy test; cpu-stats test");
        wire.sameAsLibvirt("destroy test; cpu-stats test --total");
        wire.sameAsLibvirt("cpu-stats nope");
    }

    @Test
    void readOnlySocketsReadThem() throws IOException {
        wire.sameAsLibvirt("-r", "cpu-stats test");
    }
}
