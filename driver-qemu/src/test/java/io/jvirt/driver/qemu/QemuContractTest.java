package io.jvirt.driver.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;

/**
 * The driver contract on the QEMU driver with real qemu-system-x86_64 under TCG: diskless guests
 * (the firmware runs, nothing boots), enough for every state the contract checks.
 */
class QemuContractTest extends DriverContractTest {

    @Override
    protected DriverFixture createFixture() throws Exception {
        QemuTestSupport.assumeQemu();
        Path dir = Files.createTempDirectory("jvirt-qemu-tck");
        QemuDriver driver = new QemuDriver(QemuLifecycleTest.settings(dir));
        return new DriverFixture() {
            @Override
            public HypervisorDriver driver() {
                return driver;
            }

            @Override
            public String uri() {
                return "qemu:///system";
            }

            @Override
            public String domainXml(String name, UUID uuid) {
                return "<domain type='qemu'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                    + "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os>"
                    + "<devices><memballoon model='none'/></devices></domain>";
            }

            @Override
            public String domainXmlWithSecret(String name, UUID uuid) {
                return domainXml(name, uuid).replace("<memballoon", "<graphics type='vnc' port='-1' autoport='yes' passwd='"
                    + DriverContractTest.SECRET + "'/><memballoon");
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.of(Capability.START, Capability.TRANSIENT, Capability.PAUSE, Capability.AUTOSTART,
                    Capability.EVENTS, Capability.SECRETS);
            }

            @Override
            public void close() {
                QemuTestSupport.stop(null, driver, dir);
            }
        };
    }
}
