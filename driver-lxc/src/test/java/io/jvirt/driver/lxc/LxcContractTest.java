package io.jvirt.driver.lxc;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;

/**
 * The driver contract on the LXC driver with real namespaces and cgroups: busybox containers that
 * wait for SIGTERM, in a private state directory and cgroup parent (LxcFixture).
 */
class LxcContractTest extends DriverContractTest {

    @Override
    protected DriverFixture createFixture() throws Exception {
        LxcFixture fx = LxcFixture.create();
        LxcDriver driver = new LxcDriver(fx.settings());
        return new DriverFixture() {
            @Override
            public HypervisorDriver driver() {
                return driver;
            }

            @Override
            public String uri() {
                return "lxc:///";
            }

            @Override
            public String domainXml(String name, UUID uuid) {
                return fx.xml(name, LxcFixture.LOOP).replaceFirst("<uuid>[^<]*</uuid>", "<uuid>" + uuid + "</uuid>");
            }

            @Override
            public Set<Capability> capabilities() {
                // no managed save (libvirt's LXC driver has none), no secrets in a container's definition
                return EnumSet.of(Capability.START, Capability.TRANSIENT, Capability.PAUSE, Capability.AUTOSTART,
                    Capability.EVENTS);
            }

            @Override
            public void close() throws Exception {
                driver.deactivate();
                fx.close();
            }
        };
    }
}
