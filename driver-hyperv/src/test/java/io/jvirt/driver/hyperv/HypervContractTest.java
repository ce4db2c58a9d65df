package io.jvirt.driver.hyperv;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract on the Hyper-V driver against the stand-in WS-Man server (HypervFixture),
 * with the suite's domains made by the driver's own define (DefineSystem and the settings) and
 * removed by its undefine (DestroySystem).
 *
 * <p>What Hyper-V declares, from libvirt's src/hyperv/hyperv_driver.c: START
 * (hypervDomainCreateWithFlags, hypervDomainDestroyFlags: RequestStateChange 2 and 3), PAUSE
 * (hypervDomainSuspend, hypervDomainResume: RequestStateChange 9 and 2), MANAGED_SAVE
 * (RequestStateChange 6, and 3 to remove), AUTOSTART (the setting data's AutomaticStartupAction);
 * and EVENTS, which libvirt's driver lacks and jvirt's has by polling (the kit's PolledDomainEvents). What it does not:
 * <ul>
 * <li>TRANSIENT: hypervHypervisorDriver has no domainCreateXML;</li>
 * <li>STATE_REASONS: hypervDomainGetState sets {@code *reason = 0};</li>
 * <li>REDEFINE: hypervDomainDefineXML refuses a UUID that exists;</li>
 * <li>SECRETS: libvirt's Hyper-V XML carries no secret.</li>
 * </ul>
 */
class HypervContractTest extends DriverContractTest {

    @Override
    protected DriverFixture createFixture() throws Exception {
        HypervFixture fx = HypervFixture.create();
        return new DriverFixture() {
            @Override
            public HypervisorDriver driver() {
                return fx.driver;
            }

            @Override
            public String uri() {
                return fx.uri();
            }

            @Override
            public String domainXml(String name, UUID uuid) {
                return "<domain type='hyperv'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                    + "<memory unit='KiB'>524288</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>";
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.of(Capability.START, Capability.PAUSE, Capability.MANAGED_SAVE, Capability.AUTOSTART,
                    Capability.EVENTS);
            }

            @Override
            public void close() throws Exception {
                fx.close();
            }
        };
    }
}
