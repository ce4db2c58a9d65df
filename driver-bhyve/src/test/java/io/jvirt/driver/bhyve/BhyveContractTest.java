package io.jvirt.driver.bhyve;

import java.util.EnumSet;

import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract on the bhyve driver against the stand-ins: everything libvirt's bhyve driver
 * has (no suspend and resume, no managed save).
 */
class BhyveContractTest extends DriverContractTest {

    @Override
    protected DriverFixture createFixture() throws Exception {
        BhyveFixture fx = BhyveFixture.create();
        BhyveDriver driver = new BhyveDriver(fx.settings());
        return DriverFixture.of(driver, "bhyve:///system",
            (name, uuid) -> BhyveFixture.xml(name, uuid, ""),
            (name, uuid) -> BhyveFixture.xml(name, uuid, "<graphics type='vnc' port='5900' passwd='" + SECRET + "'/>\n"),
            EnumSet.of(Capability.START, Capability.TRANSIENT, Capability.AUTOSTART, Capability.EVENTS, Capability.SECRETS,
                Capability.REDEFINE, Capability.STATE_REASONS),
            () -> {
                driver.deactivate();
                fx.close();
            });
    }
}
