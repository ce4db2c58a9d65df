package io.jvirt.driver.phyp;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract on the PowerVM driver against the stand-in HMC (HMC mode; PhypDriverTest
 * covers IVM mode), with the suite's domains made by the driver's own define (mksyscfg) and removed
 * by its undefine (rmsyscfg).
 *
 * <p>What PowerVM declares: START (chsysstate -o on / shutdown --immed), EVENTS (polled, which
 * libvirt's phyp driver lacked), and HOST_UUIDS (an LPAR's UUID follows from the managed system
 * and its partition id: {@link LparUuids}). What it does not, from libvirt's removed
 * src/phyp/phyp_driver.c: PAUSE (no suspend), TRANSIENT (its createXML defined and started; jvirt
 * keeps define and start apart), MANAGED_SAVE, AUTOSTART, STATE_REASONS (phypDomainGetState gives
 * no reason), REDEFINE (mksyscfg makes new LPARs only), SECRETS (none in its XML).
 */
class PhypContractTest extends DriverContractTest {

    @Override
    protected DriverFixture createFixture() throws Exception {
        PhypFixture fx = PhypFixture.create(HmcCommands.Mode.HMC);
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
                return "<domain type='phyp'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                    + "<memory unit='KiB'>524288</memory><vcpu>1</vcpu><os><type>linux</type></os></domain>";
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.of(Capability.START, Capability.EVENTS, Capability.HOST_UUIDS);
            }

            @Override
            public void close() throws Exception {
                fx.close();
            }
        };
    }
}
