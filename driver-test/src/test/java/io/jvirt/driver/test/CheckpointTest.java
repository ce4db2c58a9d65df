package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.CheckpointDeleteFlag;
import io.jvirt.api.CheckpointListFlag;
import io.jvirt.api.CheckpointXmlFlag;
import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainCheckpoint;
import io.jvirt.api.ErrorCode;

/**
 * Checkpoints of the test driver as libvirt's test driver keeps them (the sequence of libvirt's
 * virsh transcript "checkpoint": c1, c3, c2 created in that order form a chain c1 - c3 - c2).
 */
class CheckpointTest {

    private final Connection conn = Fixture.connector().open("test:///default");

    @AfterEach
    void close() {
        conn.close();
    }

    private static String xml(String name) {
        return "<domaincheckpoint><name>" + name + "</name></domaincheckpoint>";
    }

    private static List<String> names(List<DomainCheckpoint> l) {
        return l.stream().map(DomainCheckpoint::name).toList();
    }

    private Domain chain() {
        Domain test = conn.lookupByName("test");
        test.checkpointCreateXml(xml("c1"));
        test.checkpointCreateXml(xml("c3"));
        test.checkpointCreateXml(xml("c2"));
        return test;
    }

    @Test
    void aChainOfCheckpointsAsTheTranscriptBuildsIt() {
        Domain test = chain();
        assertError(ErrorCode.OPERATION_FAILED, "operation failed: domain moment c1 already exists",
            () -> test.checkpointCreateXml(xml("c1")));
        assertEquals(List.of("c1"), names(test.listAllCheckpoints(CheckpointListFlag.ROOTS)));
        assertEquals(List.of("c2"), names(test.listAllCheckpoints(CheckpointListFlag.LEAVES)));
        assertEquals(List.of("c1", "c3"), names(test.listAllCheckpoints(CheckpointListFlag.NO_LEAVES)).stream().sorted().toList());
        assertEquals(List.of("c1", "c3", "c2"), names(test.listAllCheckpoints(CheckpointListFlag.TOPOLOGICAL)));
        DomainCheckpoint c3 = test.checkpointLookupByName("c3");
        assertEquals("c1", c3.parent().name());
        assertEquals(List.of("c2"), names(c3.listAllChildren()));
        assertEquals(List.of("c3", "c2"), names(test.checkpointLookupByName("c1").listAllChildren(CheckpointListFlag.DESCENDANTS)));
        assertError(ErrorCode.NO_DOMAIN_CHECKPOINT, "Domain checkpoint not found: checkpoint 'c1' does not have a parent",
            () -> test.checkpointLookupByName("c1").parent());
        assertError(ErrorCode.NO_DOMAIN_CHECKPOINT, "Domain checkpoint not found: no domain checkpoint with matching name 'x'",
            () -> test.checkpointLookupByName("x"));
    }

    @Test
    void deletingMovesChildrenUpAndCurrentToTheParent() {
        Domain test = chain();
        test.checkpointLookupByName("c1").delete();
        assertError(ErrorCode.NO_DOMAIN_CHECKPOINT, "Domain checkpoint not found: checkpoint 'c3' does not have a parent",
            () -> test.checkpointLookupByName("c3").parent());
        assertTrue(!test.checkpointLookupByName("c3").xmlDesc().contains("<parent>"));
        test.checkpointLookupByName("c3").delete(CheckpointDeleteFlag.CHILDREN_ONLY);
        assertEquals(List.of("c3"), names(test.listAllCheckpoints(CheckpointListFlag.LEAVES)));
        // c2 was current: its deletion made c3 current, so the next checkpoint is c3's child
        test.checkpointCreateXml(xml("c4"));
        assertEquals("c3", test.checkpointLookupByName("c4").parent().name());
        test.checkpointLookupByName("c3").delete(CheckpointDeleteFlag.CHILDREN);
        assertEquals(List.of(), test.listAllCheckpoints());
        assertError(ErrorCode.INVALID_ARG,
            "Flags 'VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN' and 'VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY' are mutually exclusive",
            () -> test.checkpointCreateXml(xml("c5")).delete(CheckpointDeleteFlag.CHILDREN, CheckpointDeleteFlag.CHILDREN_ONLY));
    }

    @Test
    void theXmlIsLibvirts() {
        Domain test = chain();
        String c2 = test.checkpointLookupByName("c2").xmlDesc();
        assertTrue(c2.startsWith("<domaincheckpoint>\n  <name>c2</name>\n  <parent>\n    <name>c3</name>\n  </parent>\n  <creationTime>"), c2);
        assertTrue(c2.contains("  <disks>\n    <disk name='vda' checkpoint='bitmap' bitmap='c2'/>\n  </disks>\n  <domain type='test'>\n"
            + "    <name>test</name>\n"), c2);
        assertTrue(c2.endsWith("  </domain>\n</domaincheckpoint>\n"), c2);
        assertEquals(-1, test.checkpointLookupByName("c2").xmlDesc(CheckpointXmlFlag.NO_DOMAIN).indexOf("<domain type"));
    }

    @Test
    void diskRequestsAreAlignedWithTheDomainsDisks() {
        Domain test = conn.lookupByName("test");
        test.checkpointCreateXml("<domaincheckpoint><name>b</name><disks><disk name='vda' checkpoint='bitmap' bitmap='mine'/></disks>"
            + "</domaincheckpoint>");
        assertTrue(test.checkpointLookupByName("b").xmlDesc().contains("<disk name='vda' checkpoint='bitmap' bitmap='mine'/>"));
        assertError(ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: no disk named 'vdz'",
            () -> test.checkpointCreateXml("<domaincheckpoint><disks><disk name='vdz'/></disks></domaincheckpoint>"));
    }

    @Test
    void refusalsAreTheTestDriversWords() {
        Domain test = conn.lookupByName("test");
        test.checkpointCreateXml(xml("c1"));
        assertError(ErrorCode.OPERATION_UNSUPPORTED, "Operation not supported: cannot create snapshot while checkpoint exists",
            () -> test.snapshotCreateXml("<domainsnapshot><name>s1</name></domainsnapshot>"));
        test.checkpointLookupByName("c1").delete();
        test.snapshotCreateXml("<domainsnapshot><name>s1</name></domainsnapshot>");
        assertError(ErrorCode.OPERATION_UNSUPPORTED, "Operation not supported: cannot create checkpoint while snapshot exists",
            () -> test.checkpointCreateXml(xml("c1")));
        test.snapshotLookupByName("s1").delete();
        test.destroy();
        assertError(ErrorCode.OPERATION_UNSUPPORTED, "Operation not supported: cannot create checkpoint for inactive domain",
            () -> test.checkpointCreateXml(xml("c1")));
    }
}
