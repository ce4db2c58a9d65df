package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.CheckpointListFlag;
import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainCheckpoint;
import io.jvirt.api.DomainControlState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.TypedParameter;
import io.jvirt.api.VcpuFlag;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * The statistics, tuning and checkpoint calls of the remote driver against a real libvirtd 9.0's
 * test driver (test:///default in a private daemon): what libvirt's own test driver answers
 * reaches the jvirt API through jvirt's client.
 */
class RemoteLibvirtdTuningTest {

    private static PrivateLibvirtd libvirtd;
    private static Connector connector;

    @BeforeAll
    static void start() throws Exception {
        libvirtd = PrivateLibvirtd.start();
        connector = StandaloneConnector.create(null, new RemoteDriver());
    }

    @AfterAll
    static void stop() throws Exception {
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    @Test
    void memoryStatsTheNodesCpuMapAndControlInfo() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            Domain test = c.lookupByName("test");
            assertTrue(test.memoryStats().size() > 0, test.memoryStats().toString());
            assertTrue(test.memoryStats().get(MemoryStatTag.ACTUAL_BALLOON).isPresent(), test.memoryStats().toString());
            io.jvirt.api.NodeCpuMap map = c.nodeCpuMap();
            assertTrue(map.cpus() > 0);
            assertTrue(map.onlineCount() > 0 && map.online().length() <= map.cpus(), map.toString());
            assertEquals(DomainControlState.OK, test.controlInfo().state());
        }
    }

    /** libvirtd's test driver: the figures of libvirt's own test:///default and its refusals, in its words. */
    @Test
    void nodeFigures() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            assertEquals(3_145_728L, c.nodeFreeMemory());
            assertEquals(java.util.List.of(2_097_152L, 4_194_304L), c.nodeCellsFreeMemory(0, 8));
            assertEquals(java.util.List.of(4_194_304L), c.nodeCellsFreeMemory(1, 1));
            io.jvirt.api.VirtException e = org.junit.jupiter.api.Assertions.assertThrows(io.jvirt.api.VirtException.class,
                () -> c.nodeCellsFreeMemory(2, 1));
            assertEquals("invalid argument: Range exceeds available cells", e.getMessage());
            assertTrue(c.sysinfo().contains("<entry name='vendor'>LENOVO</entry>"), c.sysinfo());
            assertEquals(java.util.List.of(new io.jvirt.api.NodeStat("user", 9_797_400_000L),
                new io.jvirt.api.NodeStat("kernel", 34_678_723_400_000L), new io.jvirt.api.NodeStat("idle", 87_264_900_000L),
                new io.jvirt.api.NodeStat("iowait", 763_600_000L)), c.nodeCpuStats(3));
            e = org.junit.jupiter.api.Assertions.assertThrows(io.jvirt.api.VirtException.class, () -> c.nodeMemoryStats(-1));
            assertEquals("this function is not supported by the connection driver: virNodeGetMemoryStats", e.getMessage());
        }
    }

    /** libvirtd's test driver: its testSecurity model and the running test domain's label, as virsh dominfo shows them. */
    @Test
    void securityModelAndLabel() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            assertEquals(new io.jvirt.api.SecurityModel("testSecurity", ""), c.securityModel());
            assertEquals(new io.jvirt.api.SecurityLabel("libvirt-test", true), c.lookupByName("test").securityLabel());
        }
    }

    @Test
    void vcpuCountsAndPinning() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            UUID uuid = UUID.randomUUID();
            Domain d = c.createXml("<domain type='test'><name>pinned</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='KiB'>65536</memory><vcpu current='2'>4</vcpu><os><type>hvm</type></os></domain>");
            try {
                assertEquals(4, d.vcpuCount(VcpuFlag.MAXIMUM));
                assertEquals(2, d.vcpuCount());
                assertEquals(4, d.maxVcpus());
                List<BitSet> pins = d.vcpuPinInfo();
                assertEquals(4, pins.size(), pins.toString());
                BitSet one = new BitSet();
                one.set(1);
                d.pinVcpu(1, one);
                assertEquals(one, d.vcpuPinInfo().get(1));
            } finally {
                d.destroy();
            }
        }
    }

    @Test
    void theScheduler() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            Domain test = c.lookupByName("test");
            assertEquals(new io.jvirt.api.SchedulerType("fair", 1), test.schedulerType());
            List<TypedParameter> params = test.schedulerParameters();
            assertEquals(List.of(TypedParameter.ofUint("weight", 50)), params);
            test.setSchedulerParameters(List.of(TypedParameter.ofUint("weight", 10)));
            VirtException e = assertThrows(VirtException.class,
                () -> test.setSchedulerParameters(List.of(TypedParameter.ofUint("cap", 1))));
            assertEquals(ErrorCode.ARGUMENT_UNSUPPORTED, e.code());
        }
    }

    @Test
    void checkpointsAndASnapshot() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            Domain d = c.createXml("<domain type='test'><name>moments</name>"
                + "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/jvirt-none/moments.qcow2'/>"
                + "<target dev='vda' bus='virtio'/></disk></devices></domain>");
            try {
                assertEquals("c1", d.checkpointCreateXml("<domaincheckpoint><name>c1</name></domaincheckpoint>").name());
                d.checkpointCreateXml("<domaincheckpoint><name>c2</name></domaincheckpoint>");
                assertEquals(List.of("c1", "c2"),
                    d.listAllCheckpoints(CheckpointListFlag.TOPOLOGICAL).stream().map(DomainCheckpoint::name).toList());
                DomainCheckpoint c2 = d.checkpointLookupByName("c2");
                assertEquals("c1", c2.parent().name());
                assertEquals(List.of("c2"), d.checkpointLookupByName("c1").listAllChildren().stream()
                    .map(DomainCheckpoint::name).toList());
                assertTrue(c2.xmlDesc().contains("<name>c2</name>"), c2.xmlDesc());
                VirtException e = assertThrows(VirtException.class, () -> d.checkpointLookupByName("c1").parent());
                assertEquals(ErrorCode.NO_DOMAIN_CHECKPOINT, e.code());
                d.checkpointLookupByName("c1").delete(io.jvirt.api.CheckpointDeleteFlag.CHILDREN);
                assertFalse(d.listAllCheckpoints().stream().anyMatch(x -> x.name().equals("c2")));
                assertEquals("s1", d.snapshotCreateXml("<domainsnapshot><name>s1</name></domainsnapshot>").name());
                d.snapshotCreateXml("<domainsnapshot><name>s2</name></domainsnapshot>");
                d.snapshotLookupByName("s1").revert();
                d.snapshotCreateXml("<domainsnapshot><name>s3</name></domainsnapshot>");
                assertEquals(List.of("s1", "s3", "s2"), d.listAllSnapshots(io.jvirt.api.SnapshotListFlag.TOPOLOGICAL).stream()
                    .map(io.jvirt.api.DomainSnapshot::name).toList());
                assertEquals("s3", d.snapshotCurrent().name());
                assertTrue(d.hasCurrentSnapshot());
                assertTrue(d.snapshotLookupByName("s3").isCurrent());
                assertTrue(d.snapshotLookupByName("s3").hasMetadata());
                assertEquals("s1", d.snapshotLookupByName("s2").parent().name());
                assertEquals(List.of("s3", "s2"), d.snapshotLookupByName("s1").listAllChildren().stream()
                    .map(io.jvirt.api.DomainSnapshot::name).toList());
                assertTrue(d.snapshotLookupByName("s2").xmlDesc().contains("<parent>\n    <name>s1</name>\n  </parent>"));
                VirtException se = assertThrows(VirtException.class, () -> d.snapshotLookupByName("s1").parent());
                assertEquals(ErrorCode.NO_DOMAIN_SNAPSHOT, se.code());
                assertEquals("Domain snapshot not found: snapshot 's1' does not have a parent", se.getMessage());
                se = assertThrows(VirtException.class, () -> d.checkpointCreateXml("<domaincheckpoint/>"));
                assertEquals("Operation not supported: cannot create checkpoint while snapshot exists", se.getMessage());
                d.snapshotCurrent().delete();
                assertEquals("s1", d.snapshotCurrent().name());
                d.snapshotLookupByName("s1").delete(io.jvirt.api.SnapshotDeleteFlag.CHILDREN);
                assertFalse(d.hasCurrentSnapshot());
            } finally {
                d.destroy();
            }
        }
    }
}
