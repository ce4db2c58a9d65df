package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.CheckpointDeleteFlag;
import io.jvirt.api.CheckpointListFlag;
import io.jvirt.api.CheckpointXmlFlag;
import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainCheckpoint;
import io.jvirt.api.DomainControlState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VcpuFlag;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;
import io.jvirt.server.RemoteServer;
import io.jvirt.server.ServerSettings;

/**
 * jvirt managing jvirt: the statistics, tuning and checkpoint calls of the remote driver against
 * server-bundle's RemoteServer on jvirt's test driver, each answer compared with what the same
 * test driver answers locally (the server's own connector: the same test:///default host).
 */
class RemoteJvirtTuningTest {

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Connection local;
    private Connection remote;

    @BeforeEach
    void start() throws IOException {
        Path socket = tmp.resolve("libvirt-sock");
        Connector served = StandaloneConnector.create(null, new TestDriver());
        server = RemoteServer.start(served, ServerSettings.defaults(socket));
        local = served.open("test:///default");
        remote = StandaloneConnector.create(null, new RemoteDriver()).open("test+unix:///default?socket=" + socket);
    }

    @AfterEach
    void stop() {
        if (remote != null) {
            remote.close();
        }
        if (local != null) {
            local.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String checkpoint(String name) {
        return "<domaincheckpoint><name>" + name + "</name></domaincheckpoint>";
    }

    private static List<String> names(List<DomainCheckpoint> l) {
        return l.stream().map(DomainCheckpoint::name).toList();
    }

    /** The local answer and the remote one are the same value, or the same error in the same words. */
    private static void sameOutcome(java.util.concurrent.Callable<?> local, java.util.concurrent.Callable<?> remote) {
        Object l;
        try {
            l = local.call();
        } catch (Exception e) {
            VirtException le = (VirtException) e;
            VirtException re = assertThrows(VirtException.class, remote::call);
            assertEquals(le.code(), re.code());
            assertEquals(le.getMessage(), re.getMessage());
            return;
        }
        try {
            assertEquals(l, remote.call());
        } catch (Exception e) {
            throw new AssertionError("the remote call failed where the local one did not", e);
        }
    }

    @Test
    void memoryStatsAndTheNodesCpuMapAreTheTestDrivers() {
        Domain test = remote.lookupByName("test");
        assertEquals(local.lookupByName("test").memoryStats(), test.memoryStats());
        assertTrue(test.memoryStats().get(MemoryStatTag.ACTUAL_BALLOON).isPresent(), test.memoryStats().toString());
        assertEquals(local.nodeCpuMap(), remote.nodeCpuMap());
        assertTrue(remote.nodeCpuMap().cpus() > 0);
        test.destroy();
        VirtException e = assertThrows(VirtException.class, test::memoryStats);
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
    }

    /** The host's figures (free memory, cells, sysinfo, CPU and memory statistics) and their errors, as the local test driver gives them. */
    @Test
    void nodeFiguresAreTheTestDrivers() {
        assertEquals(3_145_728L, remote.nodeFreeMemory());
        sameOutcome(local::nodeFreeMemory, remote::nodeFreeMemory);
        assertEquals(java.util.List.of(2_097_152L, 4_194_304L), remote.nodeCellsFreeMemory(0, 8));
        sameOutcome(() -> local.nodeCellsFreeMemory(1, 1), () -> remote.nodeCellsFreeMemory(1, 1));
        sameOutcome(() -> local.nodeCellsFreeMemory(2, 1), () -> remote.nodeCellsFreeMemory(2, 1));
        sameOutcome(() -> local.nodeCellsFreeMemory(-1, 1), () -> remote.nodeCellsFreeMemory(-1, 1));
        sameOutcome(() -> local.nodeCellsFreeMemory(0, 0), () -> remote.nodeCellsFreeMemory(0, 0));
        // libvirt's client refuses more cells than the protocol carries before asking
        VirtException many = assertThrows(VirtException.class, () -> remote.nodeCellsFreeMemory(0, 1025));
        assertEquals(ErrorCode.RPC, many.code());
        assertEquals("too many NUMA cells: 1025 > 1024", many.getMessage());
        assertEquals(local.sysinfo(), remote.sysinfo());
        assertEquals(4, remote.nodeCpuStats(io.jvirt.api.NodeStat.ALL_CPUS).size());
        sameOutcome(() -> local.nodeCpuStats(-1), () -> remote.nodeCpuStats(-1));
        sameOutcome(() -> local.nodeCpuStats(7), () -> remote.nodeCpuStats(7));
        sameOutcome(() -> local.nodeCpuStats(-2), () -> remote.nodeCpuStats(-2));
        sameOutcome(() -> local.nodeMemoryStats(-1), () -> remote.nodeMemoryStats(-1));
        sameOutcome(() -> local.nodeMemoryStats(-3), () -> remote.nodeMemoryStats(-3));
    }

    /** The security model and a domain's label come through as jvirt's own test driver gives them (issue 24's procedures). */
    @Test
    void securityModelAndLabels() {
        assertEquals(new io.jvirt.api.SecurityModel("testSecurity", ""), remote.securityModel());
        assertEquals(local.securityModel(), remote.securityModel());
        Domain test = remote.lookupByName("test");
        assertEquals(new io.jvirt.api.SecurityLabel("libvirt-test", true), test.securityLabel());
        test.destroy();
        assertEquals(new io.jvirt.api.SecurityLabel("", false), test.securityLabel());
    }

    @Test
    void controlInfoAndVcpuCounts() {
        Domain test = remote.lookupByName("test");
        Domain same = local.lookupByName("test");
        assertEquals(same.controlInfo(), test.controlInfo());
        assertEquals(DomainControlState.OK, test.controlInfo().state());
        assertEquals(same.maxVcpus(), test.maxVcpus());
        assertEquals(same.vcpuCount(), test.vcpuCount());
        assertEquals(same.vcpuCount(VcpuFlag.MAXIMUM, VcpuFlag.CONFIG), test.vcpuCount(VcpuFlag.MAXIMUM, VcpuFlag.CONFIG));
        test.setVcpus(1, ModificationImpact.LIVE);
        assertEquals(1, test.vcpuCount(VcpuFlag.LIVE));
        assertEquals(1, same.vcpuCount(VcpuFlag.LIVE));
        test.destroy();
        VirtException e = assertThrows(VirtException.class, test::controlInfo);
        assertEquals(same.state().state(), test.state().state());
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
        assertEquals("Requested operation is not valid: domain is not running", e.getMessage());
    }

    @Test
    void pinningAndThePinTable() {
        Domain test = remote.lookupByName("test");
        Domain same = local.lookupByName("test");
        List<BitSet> before = test.vcpuPinInfo();
        assertEquals(same.vcpuPinInfo(), before);
        assertEquals(test.vcpuCount(VcpuFlag.MAXIMUM), before.size());
        BitSet cpus = new BitSet();
        cpus.set(0, 2);
        cpus.set(9);
        test.pinVcpu(1, cpus);
        assertEquals(cpus, same.vcpuPinInfo().get(1));
        assertEquals(cpus, test.vcpuPinInfo().get(1));
        BitSet one = new BitSet();
        one.set(3);
        test.pinVcpu(0, one);
        assertEquals(List.of(one, cpus), test.vcpuPinInfo());
        assertEquals(same.vcpuPinInfo(ModificationImpact.LIVE), test.vcpuPinInfo(ModificationImpact.LIVE));
        assertEquals(same.vcpuPinInfo(ModificationImpact.CONFIG), test.vcpuPinInfo(ModificationImpact.CONFIG));
        // the test driver pins with no impact flag only (virDomainPinVcpu): its refusal comes back in its words
        sameOutcome(() -> {
            same.pinVcpu(0, one, ModificationImpact.CONFIG);
            return null;
        }, () -> {
            test.pinVcpu(0, one, ModificationImpact.CONFIG);
            return null;
        });
        BitSet beyond = new BitSet();
        beyond.set(99);
        // a CPU past the host's: what the driver does with it locally, it does over the wire
        sameOutcome(() -> {
            same.pinVcpu(0, beyond);
            return same.vcpuPinInfo();
        }, () -> {
            test.pinVcpu(0, beyond);
            return test.vcpuPinInfo();
        });
        assertEquals(same.vcpuPinInfo(), test.vcpuPinInfo());
    }

    @Test
    void theSchedulerAndItsTypedParameters() {
        Domain test = remote.lookupByName("test");
        Domain same = local.lookupByName("test");
        assertEquals(same.schedulerType(), test.schedulerType());
        assertEquals(same.schedulerParameters(), test.schedulerParameters());
        sameOutcome(() -> same.schedulerParameters(ModificationImpact.CURRENT), () -> test.schedulerParameters(ModificationImpact.CURRENT));
        assertFalse(test.schedulerParameters().isEmpty());
        TypedParameter first = test.schedulerParameters().get(0);
        TypedParameter changed = new TypedParameter(first.field(), first.type(),
            first.type() == TypedParameter.Type.UINT ? (Object) 10 : first.value());
        // libvirt's test driver (and jvirt's, after it) takes the values and keeps its fixed weight
        test.setSchedulerParameters(List.of(changed));
        assertEquals(same.schedulerParameters(), test.schedulerParameters());
        sameOutcome(() -> {
            same.setSchedulerParameters(List.of(changed), ModificationImpact.CONFIG);
            return null;
        }, () -> {
            test.setSchedulerParameters(List.of(changed), ModificationImpact.CONFIG);
            return null;
        });
        VirtException e = assertThrows(VirtException.class,
            () -> test.setSchedulerParameters(List.of(TypedParameter.ofUint("cap", 1))));
        VirtException l = assertThrows(VirtException.class,
            () -> same.setSchedulerParameters(List.of(TypedParameter.ofUint("cap", 1))));
        assertEquals(l.code(), e.code());
        assertEquals(l.getMessage(), e.getMessage());
    }

    @Test
    void checkpointsOverTheWire() {
        Domain test = remote.lookupByName("test");
        assertEquals("c1", test.checkpointCreateXml(checkpoint("c1")).name());
        test.checkpointCreateXml(checkpoint("c3"));
        test.checkpointCreateXml(checkpoint("c2"));
        assertEquals(List.of("c1", "c3", "c2"), names(test.listAllCheckpoints(CheckpointListFlag.TOPOLOGICAL)));
        assertEquals(names(local.lookupByName("test").listAllCheckpoints(CheckpointListFlag.TOPOLOGICAL)),
            names(test.listAllCheckpoints(CheckpointListFlag.TOPOLOGICAL)));
        DomainCheckpoint c3 = test.checkpointLookupByName("c3");
        assertEquals("c3", c3.name());
        assertEquals("c1", c3.parent().name());
        assertEquals(List.of("c2"), names(c3.listAllChildren()));
        assertEquals(List.of("c3", "c2"), names(test.checkpointLookupByName("c1").listAllChildren(CheckpointListFlag.DESCENDANTS)));
        assertEquals(local.lookupByName("test").checkpointLookupByName("c2").xmlDesc(),
            test.checkpointLookupByName("c2").xmlDesc());
        assertEquals(-1, test.checkpointLookupByName("c2").xmlDesc(CheckpointXmlFlag.NO_DOMAIN).indexOf("<domain type"));
        VirtException e = assertThrows(VirtException.class, () -> test.checkpointLookupByName("c1").parent());
        assertEquals(ErrorCode.NO_DOMAIN_CHECKPOINT, e.code());
        assertEquals("Domain checkpoint not found: checkpoint 'c1' does not have a parent", e.getMessage());
        e = assertThrows(VirtException.class, () -> test.checkpointLookupByName("x"));
        assertEquals("Domain checkpoint not found: no domain checkpoint with matching name 'x'", e.getMessage());
        // the snapshot call reaches the far side, whose test driver refuses it while checkpoints exist
        e = assertThrows(VirtException.class, () -> test.snapshotCreateXml("<domainsnapshot><name>s1</name></domainsnapshot>"));
        assertEquals(ErrorCode.OPERATION_UNSUPPORTED, e.code());
        assertEquals("Operation not supported: cannot create snapshot while checkpoint exists", e.getMessage());
        test.checkpointLookupByName("c1").delete(CheckpointDeleteFlag.CHILDREN);
        assertEquals(List.of(), test.listAllCheckpoints());
        assertEquals(List.of(), local.lookupByName("test").listAllCheckpoints());
    }

    @Test
    void snapshotsOverTheWire() {
        Domain test = remote.lookupByName("test");
        Domain same = local.lookupByName("test");
        for (String n : List.of("a", "b", "c")) {
            assertEquals(n, test.snapshotCreateXml("<domainsnapshot><name>" + n + "</name></domainsnapshot>").name());
        }
        test.snapshotLookupByName("a").revert();
        test.snapshotCreateXml("<domainsnapshot><name>d</name></domainsnapshot>");
        assertEquals(List.of("a", "d", "b", "c"),
            test.listAllSnapshots(io.jvirt.api.SnapshotListFlag.TOPOLOGICAL).stream().map(io.jvirt.api.DomainSnapshot::name).toList());
        assertEquals(List.of("d", "b", "c"), test.snapshotLookupByName("a")
            .listAllChildren(io.jvirt.api.SnapshotListFlag.DESCENDANTS).stream().map(io.jvirt.api.DomainSnapshot::name).toList());
        assertTrue(test.hasCurrentSnapshot());
        assertEquals("d", test.snapshotCurrent().name());
        assertTrue(test.snapshotLookupByName("d").isCurrent());
        assertTrue(test.snapshotLookupByName("d").hasMetadata());
        assertEquals("b", test.snapshotLookupByName("c").parent().name());
        assertEquals(same.snapshotLookupByName("c").xmlDesc(), test.snapshotLookupByName("c").xmlDesc());
        sameOutcome(() -> same.snapshotLookupByName("a").parent(), () -> test.snapshotLookupByName("a").parent());
        sameOutcome(() -> same.snapshotLookupByName("x"), () -> test.snapshotLookupByName("x"));
        sameOutcome(() -> same.snapshotCreateXml("<domainsnapshot><name>a</name></domainsnapshot>"),
            () -> test.snapshotCreateXml("<domainsnapshot><name>a</name></domainsnapshot>"));
        sameOutcome(() -> same.checkpointCreateXml(checkpoint("c1")), () -> test.checkpointCreateXml(checkpoint("c1")));
        test.snapshotLookupByName("b").delete(io.jvirt.api.SnapshotDeleteFlag.CHILDREN_ONLY);
        test.snapshotCurrent().delete();
        assertEquals("a", same.snapshotCurrent().name());
        test.snapshotLookupByName("a").delete(io.jvirt.api.SnapshotDeleteFlag.CHILDREN);
        assertEquals(List.of(), same.listAllSnapshots());
        VirtException e = assertThrows(VirtException.class, test::snapshotCurrent);
        assertEquals(ErrorCode.NO_DOMAIN_SNAPSHOT, e.code());
        assertEquals("Domain snapshot not found: the domain does not have a current snapshot", e.getMessage());
    }
}
