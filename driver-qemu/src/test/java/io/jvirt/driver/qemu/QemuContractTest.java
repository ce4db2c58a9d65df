package io.jvirt.driver.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.UUID;

import io.jvirt.api.testing.TempTree;
import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract on the QEMU driver with real qemu-system-x86_64 under TCG: diskless guests
 * (the firmware runs, nothing boots), enough for every state the contract checks.
 */
class QemuContractTest extends DriverContractTest {

    private static String xml(String name, UUID uuid, String graphics) {
        return "<domain type='qemu'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os>"
            + "<devices>" + graphics + "<memballoon model='none'/></devices></domain>";
    }

    @Override
    protected DriverFixture createFixture() throws Exception {
        QemuTestSupport.assumeQemu();
        Path dir = Files.createTempDirectory("jvirt-qemu-tck");
        QemuDriver driver = new QemuDriver(QemuLifecycleTest.settings(dir));
        return DriverFixture.of(driver, "qemu:///system", (n, u) -> xml(n, u, ""),
            (n, u) -> xml(n, u, "<graphics type='vnc' port='-1' autoport='yes' passwd='" + SECRET + "'/>"),
            EnumSet.of(Capability.START, Capability.TRANSIENT, Capability.PAUSE, Capability.AUTOSTART, Capability.EVENTS,
                Capability.SECRETS, Capability.REDEFINE, Capability.STATE_REASONS),
            () -> {
                try {
                    QemuTestSupport.stop(null, driver, dir);
                } finally {
                    TempTree.delete(dir); // the driver's state and logs, once its guests are gone
                }
            });
    }
}
