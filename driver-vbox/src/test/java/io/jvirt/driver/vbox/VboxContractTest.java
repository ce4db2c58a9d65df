package io.jvirt.driver.vbox;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract on the VirtualBox driver against the stand-in VBoxManage, the suite's
 * domains made by the driver's own define and removed by its undefine.
 *
 * <p>What the driver declares, from libvirt's src/vbox/vbox_common.c: START (vboxDomainCreateWithFlags,
 * vboxDomainDestroyFlags), PAUSE (vboxDomainSuspend, vboxDomainResume), MANAGED_SAVE (vboxDomainSave's
 * SaveState; jvirt removes the state with discardstate), and EVENTS, by polling. What it does not:
 * <ul>
 * <li>TRANSIENT: libvirt's vboxDomainCreateXML defines a persistent machine; jvirt refuses createXML;</li>
 * <li>STATE_REASONS: vboxDomainGetState sets the reason to 0;</li>
 * <li>REDEFINE: CreateMachine refuses a machine that exists (forceOverwrite=0);</li>
 * <li>AUTOSTART: libvirt's driver has none;</li>
 * <li>SECRETS: libvirt's vbox XML carries no secret.</li>
 * </ul>
 */
class VboxContractTest extends DriverContractTest {

    @Override
    protected DriverFixture createFixture() throws Exception {
        VboxFixture fx = VboxFixture.create();
        return new DriverFixture() {
            @Override
            public HypervisorDriver driver() {
                return fx.driver;
            }

            @Override
            public String uri() {
                return VboxFixture.URI;
            }

            @Override
            public String domainXml(String name, UUID uuid) {
                return VboxFixture.xml(name, uuid);
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.of(Capability.START, Capability.PAUSE, Capability.MANAGED_SAVE, Capability.EVENTS);
            }

            @Override
            public void close() throws Exception {
                fx.close();
            }
        };
    }
}
