package io.jvirt.driver.vz;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract on the Virtuozzo driver against the stand-in prlctl, the suite's domains made
 * by the driver's own define and removed by its undefine.
 *
 * <p>What the driver declares, from libvirt's src/vz: START (vzDomainCreateWithFlags,
 * vzDomainDestroyFlags), PAUSE (vzDomainSuspend, vzDomainResume), STATE_REASONS
 * (prlsdkConvertDomainState sets them; a destroy and a resume are known to the driver that made
 * them) and EVENTS, by polling. What it does not:
 * <ul>
 * <li>TRANSIENT: libvirt's vz driver has no createXML;</li>
 * <li>MANAGED_SAVE: prlctl suspends (managedSave works) but has no command to drop a suspended state;</li>
 * <li>REDEFINE: jvirt refuses a define of an existing environment (libvirt applies it through the SDK);</li>
 * <li>AUTOSTART, SECRETS: not over prlctl in this driver yet.</li>
 * </ul>
 */
class VzContractTest extends DriverContractTest {

    @Override
    protected DriverFixture createFixture() throws Exception {
        VzFixture fx = VzFixture.create();
        return new DriverFixture() {
            @Override
            public HypervisorDriver driver() {
                return fx.driver;
            }

            @Override
            public String uri() {
                return VzFixture.URI;
            }

            @Override
            public String domainXml(String name, UUID uuid) {
                return VzFixture.xml(name, uuid);
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.of(Capability.START, Capability.PAUSE, Capability.STATE_REASONS, Capability.EVENTS);
            }

            @Override
            public void close() throws Exception {
                fx.close();
            }
        };
    }
}
