package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connector;

/**
 * The snapshot commands print what virsh 9.0 prints on libvirt's test driver for the same session
 * (a tree made with creates and reverts: a, then b and c under it, a reverted, d under a); creation
 * times masked.
 */
class SnapshotCommandsTest {

    private final Connector connector = TestConsole.connector();

    @TempDir
    Path tmp;

    private static String masked(String out) {
        return out.replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}", "YYYY-MM-DD HH:MM:SS +ZZZZ");
    }

    private static void fan(TestConsole c) {
        for (String s : new String[] {"a", "b", "c"}) {
            assertEquals("Domain snapshot " + s + " created\n", ok(c.run(typed(new SnapshotCreateAs(), "test " + s))));
        }
        assertEquals("Domain snapshot a reverted\n", ok(c.run(typed(new SnapshotRevert(), "test a"))));
        ok(c.run(typed(new SnapshotCreateAs(), "test d")));
    }

    @Test
    void listingsAsVirshPrintsThem() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            fan(c);
            // with --parent, each name and its parent after a tab, as virsh 10 prints it (libvirt's transcripts); virsh 9.0 printed names only
            assertEquals("a\nb\ta\nc\tb\nd\ta\n", ok(c.run(typed(new SnapshotList(), "test --name --parent"))));
            assertEquals("a\n  |\n  +- b\n  |   |\n  |   +- c\n  |     \n  +- d\n    \n",
                ok(c.run(typed(new SnapshotList(), "test --tree"))));
            // with --from, --tree shows the children only (c, a grandchild, is left out), as virsh 9.0 does
            assertEquals("a\n  |\n  +- b\n  +- d\n    \n", ok(c.run(typed(new SnapshotList(), "test --from a --tree"))));
            assertEquals("d\n\n", ok(c.run(typed(new SnapshotList(), "test --current --tree"))));
            assertEquals("d\nb\nc\n", ok(c.run(typed(new SnapshotList(), "test --from a --descendants --topological --name"))));
            assertEquals("a\nd\nb\nc\n", ok(c.run(typed(new SnapshotList(), "test --topological --name"))));
            assertEquals("c\nd\n", ok(c.run(typed(new SnapshotList(), "test --leaves --name"))));
            assertEquals(" Name   Creation Time               State     Parent\n"
                + "------------------------------------------------------\n"
                + " a      YYYY-MM-DD HH:MM:SS +ZZZZ   running   \n"
                + " b      YYYY-MM-DD HH:MM:SS +ZZZZ   running   a\n",
                masked(ok(c.run(typed(new SnapshotList(), "test --no-leaves --parent")))));
            assertEquals(" Name   Creation Time               State\n---------------------------------------------\n"
                + " a      YYYY-MM-DD HH:MM:SS +ZZZZ   running\n",
                masked(ok(c.run(typed(new SnapshotList(), "test --roots")))));
            assertEquals(" Name   Creation Time   State\n-------------------------------\n",
                ok(c.run(typed(new SnapshotList(), "test --external"))));
            assertEquals("", ok(c.run(typed(new SnapshotList(), "test --no-metadata --name"))));
            assertEquals("error: --descendants requires either --from or --current\n",
                fails(c.run(typed(new SnapshotList(), "test --descendants"))));
            assertEquals("error: --from and --current are mutually exclusive\n",
                fails(c.run(typed(new SnapshotList(), "test --from a --current"))));
            assertEquals("error: --leaves and --tree are mutually exclusive\n",
                fails(c.run(typed(new SnapshotList(), "test --tree --leaves"))));
            assertEquals("error: Options --roots and --from are mutually exclusive\n",
                fails(c.run(typed(new SnapshotList(), "test --roots --from a"))));
        }
    }

    @Test
    void currentInfoParentAndDelete() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            fan(c);
            assertEquals("d\n", ok(c.run(typed(new SnapshotCurrent(), "test --name"))));
            assertEquals("Snapshot b set as current\n", ok(c.run(typed(new SnapshotCurrent(), "test b"))));
            assertEquals("b\n", ok(c.run(typed(new SnapshotCurrent(), "test --name"))));
            assertEquals("Name:           b\nDomain:         test\nCurrent:        yes\nState:          running\n"
                + "Location:       internal\nParent:         a\nChildren:       1\nDescendants:    1\nMetadata:       yes\n",
                ok(c.run(typed(new SnapshotInfo(), "test --current"))));
            assertEquals("a\n", ok(c.run(typed(new SnapshotParent(), "test b"))));
            assertEquals("error: snapshot 'a' has no parent\n", fails(c.run(typed(new SnapshotParent(), "test a"))));
            assertEquals("error: --snapshotname or --current is required\n", fails(c.run(typed(new SnapshotInfo(), "test"))));
            String xml = ok(c.run(typed(new SnapshotDumpXml(), "test c")));
            assertTrue(xml.startsWith("<domainsnapshot>\n  <name>c</name>\n  <state>running</state>\n  <parent>\n"
                + "    <name>b</name>\n  </parent>\n  <creationTime>"), xml);
            assertTrue(xml.contains("</creationTime>\n  <memory snapshot='internal'/>\n  <disks>\n"
                + "    <disk name='vda' snapshot='internal'/>\n  </disks>\n  <domain type='test'>\n"), xml);
            assertEquals("error: Domain snapshot not found: no domain snapshot with matching name 'x'\n",
                fails(c.run(typed(new SnapshotDumpXml(), "test x"))));
            assertEquals("error: Failed to delete snapshot a\nerror: unsupported flags (0x2) in function testDomainSnapshotDelete\n",
                fails(c.run(typed(new SnapshotDelete(), "test a --metadata"))));
            assertEquals("Domain snapshot b deleted\n", ok(c.run(typed(new SnapshotDelete(), "test --current"))));
            assertEquals("a\n", ok(c.run(typed(new SnapshotCurrent(), "test --name"))));
            assertEquals("Domain snapshot a children deleted\n", ok(c.run(typed(new SnapshotDelete(), "test a --children-only"))));
            assertEquals("Domain snapshot a deleted\n", ok(c.run(typed(new SnapshotDelete(), "test a --children"))));
            assertEquals("error: domain 'test' has no current snapshot\n", fails(c.run(typed(new SnapshotCurrent(), "test"))));
        }
    }

    @Test
    void redefineFromAFileParentsFirst() throws Exception {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            fan(c);
            String b = ok(c.run(typed(new SnapshotDumpXml(), "test b")));
            String cXml = ok(c.run(typed(new SnapshotDumpXml(), "test c")));
            Path bFile = Files.writeString(tmp.resolve("b.xml"), b);
            Path cFile = Files.writeString(tmp.resolve("c.xml"), cXml);
            ok(c.run(typed(new SnapshotDelete(), "test b --children")));
            assertEquals("error: invalid argument: parent b for moment c not found\n",
                fails(c.run(typed(new SnapshotCreate(), "test " + cFile + " --redefine"))));
            assertEquals("Domain snapshot b created from '" + bFile + "'\n",
                ok(c.run(typed(new SnapshotCreate(), "test --xmlfile " + bFile + " --redefine"))));
            ok(c.run(typed(new SnapshotCreate(), "test " + cFile + " --redefine --current")));
            assertEquals("c\n", ok(c.run(typed(new SnapshotCurrent(), "test --name"))));
            assertEquals(cXml, ok(c.run(typed(new SnapshotDumpXml(), "test c"))));
        }
    }

    @Test
    void checkpointRedefinitionFromAFileParentsFirst() throws Exception {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            Path empty = Files.writeString(tmp.resolve("c.xml"), "<domaincheckpoint><name>c1</name></domaincheckpoint>");
            assertEquals("Domain checkpoint c1 created from '" + empty + "'\n", ok(c.run(typed(new CheckpointCreate(), "test " + empty))));
            ok(c.run(typed(new CheckpointCreateAs(), "test c2")));
            Path c1 = Files.writeString(tmp.resolve("c1.xml"), ok(c.run(typed(new CheckpointDumpXml(), "test c1"))));
            Path c2 = Files.writeString(tmp.resolve("c2.xml"), ok(c.run(typed(new CheckpointDumpXml(), "test c2"))));
            ok(c.run(typed(new CheckpointDelete(), "test c1 --children")));
            assertEquals("error: invalid argument: parent c1 for moment c2 not found\n",
                fails(c.run(typed(new CheckpointCreate(), "test --redefine " + c2))));
            ok(c.run(typed(new CheckpointCreate(), "test --redefine --xmlfile " + c1)));
            ok(c.run(typed(new CheckpointCreate(), "test --redefine " + c2)));
            assertEquals("c1\n  |\n  +- c2\n    \n", ok(c.run(typed(new CheckpointList(), "test --tree"))));
            assertEquals("error: Option --redefine is required by option --redefine-validate\n",
                fails(c.run(typed(new CheckpointCreate(), "test --redefine-validate " + c2))));
        }
    }
}
