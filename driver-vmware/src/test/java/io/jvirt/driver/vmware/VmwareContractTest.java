package io.jvirt.driver.vmware;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.tck.DriverContractTest;
import io.jvirt.core.tck.DriverFixture;
import io.jvirt.core.tck.DriverFixture.Capability;

/**
 * The driver contract on the VMware driver (vmwarews:///session) against the stand-in vmrun, the
 * suite's domains made by the driver's own define (each .vmx in a directory of its own, beside its
 * disk) and removed by its undefine.
 *
 * <p>What the driver declares, from libvirt's src/vmware/vmware_driver.c: START
 * (vmwareDomainCreateWithFlags; destroy is jvirt's {@code stop hard}), PAUSE (vmwareDomainSuspend,
 * vmwareDomainResume: Workstation), and EVENTS, by polling {@code vmrun list}. What it does not:
 * <ul>
 * <li>TRANSIENT: libvirt's vmwareDomainCreateXML exists; jvirt's driver has no createXML yet;</li>
 * <li>STATE_REASONS: vmwareUpdateVMStatus sets every state with reason 0 before each answer;</li>
 * <li>REDEFINE: libvirt replaces a shut-off VM's definition (and refuses a running one's); jvirt
 *     refuses every redefine (the suite's REDEFINE means an update of a running domain too);</li>
 * <li>MANAGED_SAVE, AUTOSTART, SECRETS: libvirt's driver has none.</li>
 * </ul>
 */
class VmwareContractTest extends DriverContractTest {

    @Override
    protected DriverFixture createFixture() throws Exception {
        VmwareFixture fx = VmwareFixture.create();
        return new DriverFixture() {
            @Override
            public HypervisorDriver driver() {
                return fx.driver;
            }

            @Override
            public String uri() {
                return VmwareFixture.URI;
            }

            @Override
            public String domainXml(String name, UUID uuid) {
                return fx.xml(name, uuid);
            }

            @Override
            public Set<Capability> capabilities() {
                return EnumSet.of(Capability.START, Capability.PAUSE, Capability.EVENTS);
            }

            @Override
            public void close() throws Exception {
                fx.close();
            }
        };
    }
}
