package io.jvirt.api.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirshManifestTest {

    @TempDir
    Path dir;

    private List<VirshManifest.Case> read(String... lines) throws IOException {
        Files.writeString(dir.resolve("MANIFEST"), "# cases\n" + String.join("\n", lines) + "\n");
        return VirshManifest.read(dir);
    }

    @Test
    void scriptCasesWithFiltersOptionsAndTheExpensiveFlag() throws IOException {
        List<VirshManifest.Case> cases = read(
            "DO_TEST_SCRIPT\t\"lifecycle\", \"\\nCPU time:\", VIRSH_CUSTOM",
            "DO_TEST_SCRIPT\t\"help-option\", NULL, VIRSH_DEFAULT, \"-q\"",
            "DO_TEST_SCRIPT_FULL\t\"numeric-parsing-event\", true, NULL, VIRSH_DEFAULT");
        assertEquals(3, cases.size());
        VirshManifest.Case lifecycle = cases.get(0);
        assertEquals("lifecycle", lifecycle.name());
        assertEquals("\nCPU time:", lifecycle.filter(), "C escapes decoded");
        assertTrue(lifecycle.custom());
        assertEquals(List.of(), lifecycle.argv());
        assertEquals(List.of("-q"), cases.get(1).options());
        assertNull(cases.get(2).filter());
        assertFalse(cases.get(2).custom());
    }

    @Test
    void adjacentLiteralsJoinAndAbsSrcdirIsTheVirshFolder() throws IOException {
        List<VirshManifest.Case> cases = read(
            "DO_TEST_FULL\t\"snapshot-redefine\", NULL, VIRSH_DEFAULT, \"cd \" abs_srcdir \"/virshtestdata ;\" \"echo 'a, b' ;\""
                + " \"snapshot-info test --current\"",
            "DO_TEST_FULL\t\"domain-id-overflow\", NULL, VIRSH_CUSTOM, \"-q\", \"domname\", \"4294967298\"");
        String abs = dir.toAbsolutePath().normalize().toString();
        assertEquals(List.of("cd " + abs + "/virshtestdata ;echo 'a, b' ;snapshot-info test --current"), cases.get(0).argv(),
            "one argument: a comma inside a literal does not split it");
        assertEquals(List.of("-q"), cases.get(1).options());
        assertEquals(List.of("domname", "4294967298"), cases.get(1).argv());
    }

    @Test
    void filtersCutAsLibvirtsTestFilterLine() throws IOException {
        List<VirshManifest.Case> cases = read(
            "DO_TEST_SCRIPT\t\"a\", \"\\nCPU time:\", VIRSH_CUSTOM",
            "DO_TEST_SCRIPT\t\"b\", \"<creationTime\", VIRSH_DEFAULT");
        assertEquals("Id: 1\nState: running\n\nId: 2\n",
            cases.get(0).filter("Id: 1\nCPU time: 1.0s\nState: running\n\nId: 2\nCPU time: 2.0s\n"), "every matching line");
        assertEquals("<x>\n  \n</x>\n  ", cases.get(1).filter("<x>\n  <creationTime>1</creationTime>\n</x>\n  <creationTime>2"),
            "from the text to the line's end, indentation kept; at the end of the text, to its end");
        assertEquals("as is", new VirshManifest.Case("c", null, false, List.of(), List.of()).filter("as is"));
    }

    @Test
    void malformedLinesAreRefused() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> read("DO_TEST_SCRIPT\t\"open, NULL, VIRSH_DEFAULT"));
        assertThrows(IllegalArgumentException.class, () -> read("DO_TEST_SCRIPT \"no tab\""));
        assertThrows(IllegalArgumentException.class, () -> read("DO_TEST_SCRIPT\t\"x\", NULL; VIRSH_DEFAULT"));
    }

    @Test
    void theSharedManifestReadsAndNamesItsFiles() throws IOException {
        Path virsh = Conformance.dir().resolve("virsh");
        Prerequisite.require(Files.isRegularFile(virsh.resolve("MANIFEST")), "the shared conformance data is missing: " + virsh);
        List<VirshManifest.Case> cases = VirshManifest.read(virsh);
        assertTrue(cases.size() >= 10, cases.toString());
        for (VirshManifest.Case c : cases) {
            assertTrue(Files.isRegularFile(virsh.resolve("virshtestdata/" + c.name() + ".out")), c.name() + ".out");
            if (c.argv().isEmpty()) {
                assertTrue(Files.isRegularFile(virsh.resolve("virshtestdata/" + c.name() + ".in")), c.name() + ".in");
            }
        }
    }
}
