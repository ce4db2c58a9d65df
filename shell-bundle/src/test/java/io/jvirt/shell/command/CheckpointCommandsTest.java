package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connector;

/**
 * The checkpoint commands and snapshot-create-as as libvirt's virsh transcripts "checkpoint" and
 * "snapshot-create-args" show them (the words of virsh's newer script mode, which the
 * distribution's console replay compares with).
 */
class CheckpointCommandsTest {

    private final Connector connector = TestConsole.connector();

    @Test
    void theCheckpointTranscript() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("Domain checkpoint c1 created\n", ok(c.run(typed(new CheckpointCreateAs(), "test c1"))));
            assertEquals("error: operation failed: domain moment c1 already exists\n",
                fails(c.run(typed(new CheckpointCreateAs(), "test c1"))));
            ok(c.run(typed(new CheckpointCreateAs(), "test c3")));
            ok(c.run(typed(new CheckpointCreateAs(), "test c2")));
            assertEquals("error: Operation not supported: cannot create snapshot while checkpoint exists\n",
                fails(c.run(typed(new SnapshotCreateAs(), "test s1"))));
            assertEquals("c1\n  |\n  +- c3\n      |\n      +- c2\n        \n", ok(c.run(typed(new CheckpointList(), "test --tree"))));
            assertEquals("c1\n", ok(c.run(typed(new CheckpointList(), "test --roots --name"))));
            assertEquals("c2\n", ok(c.run(typed(new CheckpointList(), "test --leaves --name"))));
            assertEquals("c1\nc3\tc1\n", ok(c.run(typed(new CheckpointList(), "test --parent --no-leaves --name"))));
            assertEquals("c2\n", ok(c.run(typed(new CheckpointList(), "test --from c3 --name"))));
            assertEquals("c2\nc3\n", ok(c.run(typed(new CheckpointList(), "test --from c1 --descendants --name"))));
            assertEquals("c1\nc2\nc3\n", ok(c.run(typed(new CheckpointList(), "test --name"))));
            assertEquals("c1\nc3\nc2\n", ok(c.run(typed(new CheckpointList(), "test --name --topological"))));
            assertEquals("Domain checkpoint c1 deleted\n", ok(c.run(typed(new CheckpointDelete(), "test c1"))));
            String c2 = ok(c.run(typed(new CheckpointDumpXml(), "test c2")));
            assertTrue(c2.startsWith("<domaincheckpoint>\n  <name>c2</name>\n  <parent>\n    <name>c3</name>\n  </parent>\n  <creationTime>"), c2);
            assertTrue(c2.contains("\n  <disks>\n    <disk name='vda' checkpoint='bitmap' bitmap='c2'/>\n  </disks>\n  <domain type='test'>\n"), c2);
            assertEquals("Domain checkpoint c3 children deleted\n", ok(c.run(typed(new CheckpointDelete(), "test --children-only c3"))));
            assertEquals("c3\n", ok(c.run(typed(new CheckpointList(), "test --leaves --name"))));
            assertEquals("Domain checkpoint c3 deleted\n", ok(c.run(typed(new CheckpointDelete(), "test --children c3"))));
            assertEquals("", ok(c.run(typed(new CheckpointList(), "test --leaves --name"))));
            String table = ok(c.run(typed(new CheckpointList(), "test")));
            assertEquals(" Name   Creation Time\n-----------------------\n", table);
        }
    }

    @Test
    void snapshotCreateAsPrintsLibvirtsXml() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            String expected = "<domainsnapshot>\n  <name>name</name>\n  <description>desc</description>\n  <disks>\n"
                + "    <disk name='vda'/>\n    <disk name='vdb'/>\n  </disks>\n</domainsnapshot>\n\n";
            assertEquals(expected, ok(c.run(typed(new SnapshotCreateAs(), "--print-xml test name desc vda vdb"))));
            assertEquals(expected, ok(c.run(typed(new SnapshotCreateAs(), "--print-xml test --diskspec vda name --diskspec vdb desc"))));
            assertEquals(expected, ok(c.run(typed(new SnapshotCreateAs(),
                "--print-xml --description desc --name name --domain test vda vdb"))));
            assertEquals("""
                <domainsnapshot>
                  <description>1&lt;2</description>
                  <memory file='d,e'/>
                  <disks>
                    <disk name='vda' snapshot='external'>
                      <source file='a&amp;b,c'/>
                    </disk>
                    <disk name='vdb'/>
                  </disks>
                </domainsnapshot>

                """, ok(c.run(typed(new SnapshotCreateAs(),
                "--print-xml test --diskspec vda,file=a&b,,c,snapshot=external --description 1<2 --diskspec vdb --memspec file=d,,e"))));
            assertEquals("Domain snapshot s1 created\n", ok(c.run(typed(new SnapshotCreateAs(), "test s1"))));
        }
    }
}
