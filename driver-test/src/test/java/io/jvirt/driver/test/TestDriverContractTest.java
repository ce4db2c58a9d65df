package io.jvirt.driver.test;

import java.util.EnumSet;

import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;

/** The driver contract on libvirt's test driver (test:///default), in memory: milliseconds. */
class TestDriverContractTest extends DriverContractTest {

    private static String xml(String name, java.util.UUID uuid, String devices) {
        return "<domain type='test'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os>" + devices + "</domain>";
    }

    @Override
    protected DriverFixture createFixture() {
        return DriverFixture.of(new TestDriver(), "test:///default", (n, u) -> xml(n, u, ""),
            (n, u) -> xml(n, u, "<devices><graphics type='vnc' port='-1' autoport='yes' passwd='" + SECRET + "'/></devices>"),
            // everything a driver can do; HOST_UUIDS is what a hypervisor imposes, and the test driver keeps UUIDs
            EnumSet.complementOf(EnumSet.of(DriverFixture.Capability.HOST_UUIDS)), () -> { });
    }
}
