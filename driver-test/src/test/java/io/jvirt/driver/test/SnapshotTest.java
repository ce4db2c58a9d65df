package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.SnapshotCreateFlag;
import io.jvirt.api.SnapshotDeleteFlag;
import io.jvirt.api.SnapshotListFlag;
import io.jvirt.api.SnapshotRevertFlag;
import io.jvirt.api.StateReason;

/**
 * The test driver's snapshot tree as libvirt's keeps it: a new snapshot is the current one's
 * child and becomes current, a revert makes its snapshot current (so the next one fans out),
 * children are listed newest first, redefinitions come parents first, deletes move children up and
 * the current snapshot to the parent.
 */
class SnapshotTest {

    private final Connection conn = Fixture.connector().open("test:///default");

    @AfterEach
    void close() {
        conn.close();
    }

    private static String xml(String name) {
        return "<domainsnapshot><name>" + name + "</name></domainsnapshot>";
    }

    private static List<String> names(List<DomainSnapshot> l) {
        return l.stream().map(DomainSnapshot::name).toList();
    }

    /** a - b - c, then a reverted: a - {d, b - c}. */
    private Domain fan() {
        Domain test = conn.lookupByName("test");
        test.snapshotCreateXml(xml("a"));
        test.snapshotCreateXml(xml("b"));
        test.snapshotCreateXml(xml("c"));
        test.snapshotLookupByName("a").revert();
        test.snapshotCreateXml(xml("d"));
        return test;
    }

    @Test
    void createsAndRevertsFanOut() {
        Domain test = fan();
        DomainSnapshot a = test.snapshotLookupByName("a");
        assertEquals(List.of("d", "b"), names(a.listAllChildren()));
        assertEquals(List.of("d", "b", "c"), names(a.listAllChildren(SnapshotListFlag.DESCENDANTS)));
        assertEquals(List.of("a", "d", "b", "c"), names(test.listAllSnapshots(SnapshotListFlag.TOPOLOGICAL)));
        assertEquals(List.of("a"), names(test.listAllSnapshots(SnapshotListFlag.ROOTS)));
        assertEquals(List.of("c", "d"), names(test.listAllSnapshots(SnapshotListFlag.LEAVES)).stream().sorted().toList());
        assertEquals(List.of("a", "b"), names(test.listAllSnapshots(SnapshotListFlag.NO_LEAVES)).stream().sorted().toList());
        assertEquals(4, test.listAllSnapshots(SnapshotListFlag.LEAVES, SnapshotListFlag.NO_LEAVES).size());
        assertEquals(List.of(), test.listAllSnapshots(SnapshotListFlag.NO_METADATA));
        assertEquals(4, test.listAllSnapshots(SnapshotListFlag.METADATA, SnapshotListFlag.NO_METADATA).size());
        assertEquals("d", test.snapshotCurrent().name());
        assertTrue(test.snapshotLookupByName("d").isCurrent());
        assertFalse(a.isCurrent());
        assertTrue(a.hasMetadata());
        assertEquals("b", test.snapshotLookupByName("c").parent().name());
        assertError(ErrorCode.NO_DOMAIN_SNAPSHOT, "Domain snapshot not found: snapshot 'a' does not have a parent", a::parent);
        assertError(ErrorCode.OPERATION_FAILED, "operation failed: domain moment b already exists",
            () -> test.snapshotCreateXml(xml("b")));
        assertError(ErrorCode.NO_DOMAIN_SNAPSHOT, "Domain snapshot not found: no domain snapshot with matching name 'x'",
            () -> test.snapshotLookupByName("x"));
    }

    @Test
    void stateAndLocationFilters() {
        Domain test = conn.lookupByName("test");
        test.snapshotCreateXml(xml("on"));
        test.destroy();
        test.snapshotCreateXml(xml("off"));
        assertEquals(List.of("off"), names(test.listAllSnapshots(SnapshotListFlag.INACTIVE)));
        assertEquals(List.of("on"), names(test.listAllSnapshots(SnapshotListFlag.ACTIVE)));
        assertEquals(2, test.listAllSnapshots(SnapshotListFlag.INACTIVE, SnapshotListFlag.ACTIVE).size());
        assertEquals(List.of(), test.listAllSnapshots(SnapshotListFlag.DISK_ONLY));
        assertEquals(2, test.listAllSnapshots(SnapshotListFlag.INTERNAL).size());
        assertEquals(List.of(), test.listAllSnapshots(SnapshotListFlag.EXTERNAL));
        String off = test.snapshotLookupByName("off").xmlDesc();
        assertTrue(off.contains("  <state>shutoff</state>\n  <parent>\n    <name>on</name>\n  </parent>\n"), off);
        assertTrue(off.contains("  <memory snapshot='no'/>\n  <disks>\n    <disk name='vda' snapshot='internal'/>\n  </disks>\n"), off);
    }

    @Test
    void revertRestoresStateAndDefinition() {
        Domain test = conn.lookupByName("test");
        test.snapshotCreateXml(xml("running"));
        test.suspend();
        test.snapshotCreateXml(xml("paused"));
        test.destroy();
        test.snapshotCreateXml(xml("off"));
        test.snapshotLookupByName("running").revert();
        assertEquals(new StateReason(DomainState.RUNNING, 4), test.state());
        test.snapshotLookupByName("paused").revert();
        assertEquals(new StateReason(DomainState.PAUSED, 7), test.state());
        test.snapshotLookupByName("off").revert();
        assertEquals(new StateReason(DomainState.SHUTOFF, 7), test.state());
        // libvirt 9.0's test driver: an inactive snapshot leaves the domain shut off whatever the flags ask
        test.snapshotLookupByName("paused").revert(SnapshotRevertFlag.RUNNING);
        assertEquals(new StateReason(DomainState.RUNNING, 4), test.state());
        test.snapshotLookupByName("off").revert(SnapshotRevertFlag.PAUSED);
        assertEquals(new StateReason(DomainState.SHUTOFF, 7), test.state());
        test.snapshotLookupByName("running").revert(SnapshotRevertFlag.PAUSED);
        assertEquals(new StateReason(DomainState.PAUSED, 7), test.state());
        test.snapshotLookupByName("off").revert(SnapshotRevertFlag.RUNNING, SnapshotRevertFlag.FORCE);
        assertEquals(DomainState.SHUTOFF, test.state().state());
        assertError(ErrorCode.INVALID_ARG,
            "Flags 'VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING' and 'VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED' are mutually exclusive",
            () -> test.snapshotLookupByName("off").revert(SnapshotRevertFlag.RUNNING, SnapshotRevertFlag.PAUSED));
        assertEquals("off", test.snapshotCurrent().name());
    }

    @Test
    void deletesMoveChildrenUpAndCurrentToTheParent() {
        Domain test = fan();
        test.snapshotCurrent().delete();
        assertEquals("a", test.snapshotCurrent().name());
        test.snapshotLookupByName("b").delete();
        assertEquals("a", test.snapshotLookupByName("c").parent().name());
        test.snapshotLookupByName("a").delete(SnapshotDeleteFlag.CHILDREN_ONLY);
        assertEquals(List.of("a"), names(test.listAllSnapshots()));
        test.snapshotCreateXml(xml("e"));
        test.snapshotLookupByName("a").delete(SnapshotDeleteFlag.CHILDREN);
        assertFalse(test.hasCurrentSnapshot());
        assertError(ErrorCode.NO_DOMAIN_SNAPSHOT, "Domain snapshot not found: the domain does not have a current snapshot",
            test::snapshotCurrent);
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x2) in function testDomainSnapshotDelete",
            () -> test.snapshotCreateXml(xml("f")).delete(SnapshotDeleteFlag.METADATA_ONLY));
    }

    @Test
    void redefinitionsComeParentsFirst() {
        Domain test = fan();
        String b = test.snapshotLookupByName("b").xmlDesc();
        String c = test.snapshotLookupByName("c").xmlDesc();
        test.snapshotLookupByName("a").delete(SnapshotDeleteFlag.CHILDREN_ONLY);
        assertError(ErrorCode.INVALID_ARG, "invalid argument: parent b for moment c not found",
            () -> test.snapshotCreateXml(c, SnapshotCreateFlag.REDEFINE));
        // d, the current snapshot, went with a's children: a is current
        test.snapshotCreateXml(b, SnapshotCreateFlag.REDEFINE);
        assertEquals("a", test.snapshotCurrent().name());
        test.snapshotCreateXml(c, SnapshotCreateFlag.REDEFINE, SnapshotCreateFlag.CURRENT);
        assertEquals("c", test.snapshotCurrent().name());
        assertEquals(List.of("b", "c"), names(test.snapshotLookupByName("a").listAllChildren(SnapshotListFlag.DESCENDANTS)));
        assertEquals(c, test.snapshotLookupByName("c").xmlDesc());
        assertError(ErrorCode.INVALID_ARG, "invalid argument: parent c would create cycle to b",
            () -> test.snapshotCreateXml(b.replace("<name>a</name>", "<name>c</name>"), SnapshotCreateFlag.REDEFINE));
        assertError(ErrorCode.XML_ERROR, "XML error: missing state from existing snapshot",
            () -> test.snapshotCreateXml("<domainsnapshot><name>z</name><creationTime>1</creationTime></domainsnapshot>",
                SnapshotCreateFlag.REDEFINE));
        assertError(ErrorCode.INVALID_ARG,
            "Flag 'VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE' is required by flag 'VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT'",
            () -> test.snapshotCreateXml(xml("z"), SnapshotCreateFlag.CURRENT));
    }

    @Test
    void aRedefinedCheckpointTreeComesParentsFirstToo() {
        Domain test = conn.lookupByName("test");
        test.checkpointCreateXml("<domaincheckpoint><name>c1</name></domaincheckpoint>");
        test.checkpointCreateXml("<domaincheckpoint><name>c2</name></domaincheckpoint>");
        String c1 = test.checkpointLookupByName("c1").xmlDesc();
        String c2 = test.checkpointLookupByName("c2").xmlDesc();
        test.checkpointLookupByName("c1").delete(io.jvirt.api.CheckpointDeleteFlag.CHILDREN);
        assertError(ErrorCode.INVALID_ARG, "invalid argument: parent c1 for moment c2 not found",
            () -> test.checkpointCreateXml(c2, io.jvirt.api.CheckpointCreateFlag.REDEFINE));
        test.checkpointCreateXml(c1, io.jvirt.api.CheckpointCreateFlag.REDEFINE);
        test.checkpointCreateXml(c2, io.jvirt.api.CheckpointCreateFlag.REDEFINE);
        assertEquals("c1", test.checkpointLookupByName("c2").parent().name());
        assertEquals(c2, test.checkpointLookupByName("c2").xmlDesc());
        assertError(ErrorCode.OPERATION_UNSUPPORTED, "Operation not supported: cannot create snapshot while checkpoint exists",
            () -> test.snapshotCreateXml(xml("s")));
    }

    /**
     * testDomainSnapshotCreateXML: VALIDATE checks domainsnapshot.rng first; 'manual' disks are refused before alignment
     * (messages as virsh 9.0 on libvirt's test:///default gives them, but the schema's path and libxml2's detail lines).
     */
    @Test
    void validateAndManualDisksAsLibvirtsTestDriver() {
        Domain test = conn.lookupByName("test");
        String unlisted = "<domainsnapshot><name>v</name><bogus/></domainsnapshot>";
        assertError(ErrorCode.XML_INVALID_SCHEMA,
            "XML document failed to validate against schema: Unable to validate doc against domainsnapshot.rng",
            () -> test.snapshotCreateXml(unlisted, SnapshotCreateFlag.VALIDATE));
        assertEquals("v", test.snapshotCreateXml(unlisted).name());
        // libvirt's disk-invalid.xml: the schema refuses the source's startupPolicy; without VALIDATE the
        // uniform internal alignment refuses the external disk of a snapshot with internal memory
        String external = "<domainsnapshot><name>asdf</name><disks><disk name='vda' snapshot='external'>"
            + "<source file='/tmp/foo' startupPolicy='optional'/><driver/></disk></disks></domainsnapshot>";
        assertError(ErrorCode.XML_INVALID_SCHEMA,
            "XML document failed to validate against schema: Unable to validate doc against domainsnapshot.rng",
            () -> test.snapshotCreateXml(external, SnapshotCreateFlag.VALIDATE));
        assertError(ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: disk 'vda' must use snapshot mode 'internal'",
            () -> test.snapshotCreateXml(external));
        assertError(ErrorCode.OPERATION_UNSUPPORTED,
            "Operation not supported: 'manual' snapshot mode is not supported by the test driver",
            () -> test.snapshotCreateXml("<domainsnapshot><disks><disk name='vda' snapshot='manual'/></disks></domainsnapshot>"));
    }
}
