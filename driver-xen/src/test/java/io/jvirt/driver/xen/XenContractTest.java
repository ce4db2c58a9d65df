package io.jvirt.driver.xen;

import java.util.EnumSet;

import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract on the Xen driver against the stand-in xl (XlStandIn): everything but
 * managed save (not in this slice).
 */
class XenContractTest extends DriverContractTest {

    @Override
    protected DriverFixture createFixture() throws Exception {
        XenFixture fx = XenFixture.create();
        XenDriver driver = new XenDriver(fx.settings());
        return DriverFixture.of(driver, "xen:///system",
            (name, uuid) -> XenFixture.xml(name, uuid, ""),
            (name, uuid) -> XenFixture.xml(name, uuid, "<graphics type='vnc' port='-1' autoport='yes' passwd='" + SECRET + "'/>"),
            EnumSet.of(Capability.START, Capability.TRANSIENT, Capability.PAUSE, Capability.AUTOSTART, Capability.EVENTS,
                Capability.SECRETS, Capability.REDEFINE, Capability.STATE_REASONS),
            () -> {
                driver.deactivate();
                fx.close();
            });
    }
}
