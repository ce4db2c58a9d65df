package io.jvirt.server;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real virsh 9.0's tuning commands (domcontrol, vcpucount, vcpupin, schedinfo) against jvirt's
 * test driver over the wire give what the same virsh gives on libvirt's own test:///default:
 * the successful paths the transcripts do not reach (pin tables, a pin in the live XML, typed
 * scheduler parameters set and read back) and the refusals.
 */
class DomainTuningOverTheWireTest {

    @RegisterExtension
    final VirshWire wire = new VirshWire();

    @Test
    void domcontrol() throws IOException {
        wire.sameAsLibvirt("domcontrol test; destroy test; domcontrol test");
    }

    @Test
    void vcpuCounts() throws IOException {
        wire.sameAsLibvirt("vcpucount test; vcpucount test --maximum --live; vcpucount test --current --config;"
            + " setvcpus test 1 --live; vcpucount test; maxvcpus");
    }

    @Test
    void vcpuCountFromTheGuestIsRefusedAsLibvirtRefusesIt() throws IOException {
        wire.sameAsLibvirt("vcpucount test --guest");
    }

    @Test
    void pinningAndThePinTable() throws IOException {
        wire.sameAsLibvirt("vcpupin test; vcpupin test 1 0-1; vcpupin test; vcpupin test 1; vcpupin test --config;"
            + " vcpupin test 0 r; vcpupin test 0; dumpxml test");
    }

    @Test
    void pinningRefusals() throws IOException {
        wire.sameAsLibvirt("vcpupin test 0 0 --live");
        wire.sameAsLibvirt("vcpupin test 0 99");
        wire.sameAsLibvirt("setvcpus test 1 --live; vcpupin test 1 0");
        wire.sameAsLibvirt("destroy test; vcpupin test 0 0");
        wire.sameAsLibvirt("vcpupin test --live --config");
    }

    @Test
    void schedulerParameters() throws IOException {
        wire.sameAsLibvirt("schedinfo test; schedinfo test --set weight=10; schedinfo test --weight 20");
        wire.sameAsLibvirt("schedinfo test --live");
        wire.sameAsLibvirt("schedinfo test --set weight=x");
        wire.sameAsLibvirt("schedinfo test --set cap=1");
    }
}
