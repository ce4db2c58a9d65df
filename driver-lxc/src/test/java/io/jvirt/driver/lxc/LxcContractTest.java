package io.jvirt.driver.lxc;

import java.util.EnumSet;

import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract on the LXC driver with real namespaces and cgroups: busybox containers that
 * wait for SIGTERM, in a private state directory and cgroup parent (LxcFixture). No managed save
 * (libvirt's LXC driver has none).
 */
class LxcContractTest extends DriverContractTest {

    private static String xml(LxcFixture fx, String name, java.util.UUID uuid, String devices) {
        return fx.xml(name, LxcFixture.LOOP).replaceFirst("<uuid>[^<]*</uuid>", "<uuid>" + uuid + "</uuid>")
            .replace("</devices>", devices + "</devices>");
    }

    @Override
    protected DriverFixture createFixture() throws Exception {
        LxcFixture fx = LxcFixture.create();
        LxcDriver driver = new LxcDriver(fx.settings());
        return DriverFixture.of(driver, "lxc:///",
            (name, uuid) -> xml(fx, name, uuid, ""),
            (name, uuid) -> xml(fx, name, uuid, "<graphics type='vnc' port='-1' autoport='yes' passwd='" + SECRET + "'/>"),
            EnumSet.of(Capability.START, Capability.TRANSIENT, Capability.PAUSE, Capability.AUTOSTART, Capability.EVENTS,
                Capability.SECRETS, Capability.REDEFINE, Capability.STATE_REASONS),
            () -> {
                driver.deactivate();
                fx.close();
            });
    }
}
