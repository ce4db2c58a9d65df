package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainControlInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VcpuFlag;
import io.jvirt.api.XmlFlag;

/** The test driver's tuning calls: control info, vCPU counts and pinning, the scheduler, as libvirt's test driver answers them. */
class DomainTuningTest {

    private final Connection conn = Fixture.connector().open("test:///default");

    @AfterEach
    void close() {
        conn.close();
    }

    private static BitSet cpus(int... n) {
        BitSet b = new BitSet();
        for (int i : n) {
            b.set(i);
        }
        return b;
    }

    @Test
    void theNodeCpuMapIsLibvirtsMadeUpOne() {
        assertEquals(8, conn.nodeCpuMap().cpus());
        assertEquals(cpus(0, 2, 4), conn.nodeCpuMap().online());
        assertEquals(3, conn.nodeCpuMap().onlineCount());
    }

    @Test
    void controlInfoOfARunningDomainIsOkAndRefusedForAnInactiveOne() {
        Domain test = conn.lookupByName("test");
        assertEquals(DomainControlInfo.READY, test.controlInfo());
        test.destroy();
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running", test::controlInfo);
    }

    @Test
    void vcpuCountsFollowTheFlagsAsTestDomainGetVcpusFlags() {
        Domain test = conn.lookupByName("test");
        assertEquals(2, test.maxVcpus());
        assertEquals(2, test.vcpuCount(VcpuFlag.LIVE, VcpuFlag.MAXIMUM));
        assertEquals(2, test.vcpuCount(VcpuFlag.CONFIG, VcpuFlag.MAXIMUM));
        assertEquals(2, test.vcpuCount());
        test.setVcpus(1, ModificationImpact.LIVE);
        assertEquals(1, test.vcpuCount(VcpuFlag.LIVE));
        assertEquals(2, test.vcpuCount(VcpuFlag.CONFIG));
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x8) in function testDomainGetVcpusFlags",
            () -> test.vcpuCount(VcpuFlag.GUEST));
        assertError(ErrorCode.INVALID_ARG,
            "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive",
            () -> test.vcpuCount(VcpuFlag.LIVE, VcpuFlag.CONFIG));
    }

    @Test
    void pinningChangesTheLiveDefinitionAndThePinInfo() {
        Domain test = conn.lookupByName("test");
        List<BitSet> before = test.vcpuPinInfo();
        assertEquals(2, before.size());
        BitSet all = new BitSet();
        all.set(0, 16); // the test node's 2 nodes x 2 sockets x 2 cores x 2 threads
        assertEquals(all, before.get(0));
        test.pinVcpu(1, cpus(0, 1));
        assertEquals(List.of(all, cpus(0, 1)), test.vcpuPinInfo());
        assertEquals(List.of(all, all), test.vcpuPinInfo(ModificationImpact.CONFIG));
        assertTrue(test.xmlDesc().contains("<cputune>\n    <vcpupin vcpu='1' cpuset='0-1'/>\n  </cputune>"), test.xmlDesc());
        assertTrue(!test.xmlDesc(XmlFlag.INACTIVE).contains("vcpupin"));
    }

    @Test
    void pinningErrorsAreTheTestDriversWords() {
        Domain test = conn.lookupByName("test");
        assertError(ErrorCode.INVALID_ARG, "invalid argument: requested vcpu '100' is not present in the domain",
            () -> test.pinVcpu(100, cpus(0, 1)));
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x1) in function testDomainPinVcpuFlags",
            () -> test.pinVcpu(0, cpus(0), ModificationImpact.LIVE));
        test.destroy();
        assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: cannot pin vcpus on an inactive domain",
            () -> test.pinVcpu(0, cpus(0)));
    }

    @Test
    void theSchedulerIsFairWithAWeightOf50() {
        Domain test = conn.lookupByName("test");
        assertEquals("fair", test.schedulerType().name());
        assertEquals(1, test.schedulerType().parameterCount());
        assertEquals(List.of(TypedParameter.ofUint("weight", 50)), test.schedulerParameters());
        test.setSchedulerParameters(List.of(TypedParameter.ofUint("weight", 10)));
        assertEquals(List.of(TypedParameter.ofUint("weight", 50)), test.schedulerParameters()); // as libvirt: not kept
        assertError(ErrorCode.INVALID_ARG, "invalid argument: invalid type 'int' for parameter 'weight', expected 'uint'",
            () -> test.setSchedulerParameters(List.of(new TypedParameter("weight", TypedParameter.Type.INT, 1))));
        assertError(ErrorCode.ARGUMENT_UNSUPPORTED, "argument unsupported: parameter 'cap' not supported",
            () -> test.setSchedulerParameters(List.of(TypedParameter.ofUint("cap", 1))));
        // the flags variant carries VIR_TYPED_PARAM_STRING_OKAY, which libvirt's test driver refuses too
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x6) in function testDomainGetSchedulerParametersFlags",
            () -> test.schedulerParameters(ModificationImpact.CONFIG));
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x4) in function testDomainGetSchedulerParametersFlags",
            () -> test.schedulerParameters(ModificationImpact.CURRENT));
    }
}
