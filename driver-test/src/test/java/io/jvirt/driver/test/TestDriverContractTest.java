package io.jvirt.driver.test;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;

/** The driver contract on libvirt's test driver (test:///default), in memory: milliseconds. */
class TestDriverContractTest extends DriverContractTest {

    @Override
    protected DriverFixture createFixture() {
        TestDriver driver = new TestDriver();
        return new DriverFixture() {
            @Override
            public HypervisorDriver driver() {
                return driver;
            }

            @Override
            public String uri() {
                return "test:///default";
            }

            @Override
            public String domainXml(String name, UUID uuid) {
                return "<domain type='test'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                    + "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";
            }

            @Override
            public String domainXmlWithSecret(String name, UUID uuid) {
                return domainXml(name, uuid).replace("</domain>",
                    "<devices><graphics type='vnc' port='-1' autoport='yes' passwd='" + DriverContractTest.SECRET
                        + "'/></devices></domain>");
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.allOf(Capability.class);
            }

            @Override
            public void close() {
                // in memory: nothing to release
            }
        };
    }
}
