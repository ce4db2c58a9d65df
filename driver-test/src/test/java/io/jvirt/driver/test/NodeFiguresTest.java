package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.NodeStat;

/**
 * The host's figures as libvirt 9.0's test driver gives them: free memory (testNodeGetFreeMemory,
 * testNodeGetCellsFreeMemory), the sysinfo, the CPU statistics; no memory statistics (the test
 * driver has no nodeGetMemoryStats); the public functions' argument checks first.
 */
class NodeFiguresTest {

    private static final List<NodeStat> CPU = List.of(new NodeStat("user", 9_797_400_000L),
        new NodeStat("kernel", 34_678_723_400_000L), new NodeStat("idle", 87_264_900_000L), new NodeStat("iowait", 763_600_000L));

    @Test
    void theDefaultHostsTwoCells() {
        try (Connection c = Fixture.connector().open("test:///default")) {
            assertEquals(3_145_728L, c.nodeFreeMemory());
            assertEquals(List.of(2_097_152L, 4_194_304L), c.nodeCellsFreeMemory(0, 8));
            assertEquals(List.of(4_194_304L), c.nodeCellsFreeMemory(1, 1));
            assertEquals(List.of(2_097_152L), c.nodeCellsFreeMemory(0, 1));
            assertError(ErrorCode.INVALID_ARG, "invalid argument: Range exceeds available cells", () -> c.nodeCellsFreeMemory(2, 1));
            assertError(ErrorCode.INVALID_ARG, "startCell in virNodeGetCellsFreeMemory must be zero or greater",
                () -> c.nodeCellsFreeMemory(-1, 1));
            assertError(ErrorCode.INVALID_ARG, "maxCells in virNodeGetCellsFreeMemory must be greater than zero",
                () -> c.nodeCellsFreeMemory(0, 0));
        }
    }

    @Test
    void sysinfoAndCpuStats() {
        try (Connection c = Fixture.connector().open("test:///default")) {
            assertEquals("<sysinfo type='smbios'>\n  <bios>\n    <entry name='vendor'>LENOVO</entry>\n"
                + "    <entry name='version'>G4ETA1WW (2.61 )</entry>\n    <entry name='date'>05/07/2014</entry>\n"
                + "    <entry name='release'>2.61</entry>\n  </bios>\n</sysinfo>\n", c.sysinfo());
            assertEquals(CPU, c.nodeCpuStats(NodeStat.ALL_CPUS));
            // libvirt's test driver ignores the CPU number, however large
            assertEquals(CPU, c.nodeCpuStats(999));
            assertError(ErrorCode.INVALID_ARG, "cpuNum in virNodeGetCPUStats only accepts -1 as a negative value",
                () -> c.nodeCpuStats(-2));
        }
    }

    @Test
    void noMemoryStatistics() {
        try (Connection c = Fixture.connector().open("test:///default")) {
            assertError(ErrorCode.NO_SUPPORT, "this function is not supported by the connection driver: virNodeGetMemoryStats",
                () -> c.nodeMemoryStats(NodeStat.ALL_CELLS));
            assertError(ErrorCode.NO_SUPPORT, "this function is not supported by the connection driver: virNodeGetMemoryStats",
                () -> c.nodeMemoryStats(0));
            assertError(ErrorCode.INVALID_ARG, "cellNum in virNodeGetMemoryStats only accepts -1 as a negative value",
                () -> c.nodeMemoryStats(-2));
        }
    }

    @Test
    void aNodeFileHasNoCells() {
        assumeTrue(Files.isRegularFile(Fixture.testDriverDir().resolve("testnode.xml")), "libvirt's test-driver node files");
        try (Connection c = Fixture.connector().open("test://" + Fixture.testDriverDir().resolve("testnode.xml").toAbsolutePath())) {
            assertError(ErrorCode.INTERNAL_ERROR, "An error occurred, but the cause is unknown", c::nodeFreeMemory);
            assertError(ErrorCode.INVALID_ARG, "invalid argument: Range exceeds available cells", () -> c.nodeCellsFreeMemory(0, 1));
            assertEquals(CPU, c.nodeCpuStats(3));
            assertTrue(c.sysinfo().contains("<entry name='vendor'>LENOVO</entry>"), c.sysinfo());
        }
    }
}
