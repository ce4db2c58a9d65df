package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.VIEWER;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connector;

/**
 * freecell, sysinfo, nodecpustats and nodememstats as virsh 9.0 prints them on libvirt's test
 * driver (checked against real virsh over the wire by server-bundle's NodeFiguresOverTheWireTest).
 */
class NodeFiguresCommandTest {

    private final Connector connector = TestConsole.connector();

    private static final String CPU = "user:                     9797400000\nsystem:               34678723400000\n"
        + "idle:                    87264900000\niowait:                    763600000\n";
    private static final String NO_MEMSTATS = "error: Unable to get number of memory stats\n"
        + "error: this function is not supported by the connection driver: virNodeGetMemoryStats\n";

    @Test
    void freecell() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("Total: 3072 KiB\n", ok(c.run(typed(new FreeCell(), ""))));
            assertEquals("    0:       2048 KiB\n    1:       4096 KiB\n--------------------\nTotal:       6144 KiB\n",
                ok(c.run(typed(new FreeCell(), "--all"))));
            assertEquals("0: 2048 KiB\n", ok(c.run(typed(new FreeCell(), "--cellno 0"))));
            assertEquals("1: 4096 KiB\n", ok(c.run(typed(new FreeCell(), "1"))));
        }
    }

    @Test
    void freecellsBadCells() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("error: invalid argument: Range exceeds available cells\n", fails(c.run(typed(new FreeCell(), "--cellno 2"))));
            assertEquals("error: startCell in virNodeGetCellsFreeMemory must be zero or greater\n",
                fails(c.run(typed(new FreeCell(), "--cellno -1"))));
            assertEquals("error: Numeric value 'x' for <cellno> option is malformed or out of range\n",
                fails(c.run(typed(new FreeCell(), "--cellno x"))));
            assertEquals("error: Options --all and --cellno are mutually exclusive\n", fails(c.run(typed(new FreeCell(), "--all --cellno 0"))));
            assertEquals("error: unexpected data '1'\n", fails(c.run(typed(new FreeCell(), "0 1"))));
            assertEquals("error: option --cellno already seen\n", fails(c.run(typed(new FreeCell(), "1 --cellno 1"))));
            assertEquals("error: unexpected data '0'\n", fails(c.run(typed(new FreeCell(), "--cellno 1 0"))));
        }
    }

    @Test
    void aNodeFileHasNoCells() {
        try (TestConsole c = TestConsole.onNode(connector, ADMIN, false)) {
            assertEquals("error: An error occurred, but the cause is unknown\n", fails(c.run(typed(new FreeCell(), ""))));
            assertEquals("--------------------\nTotal:          0 KiB\n", ok(c.run(typed(new FreeCell(), "--all"))));
            assertEquals("error: invalid argument: Range exceeds available cells\n", fails(c.run(typed(new FreeCell(), "0"))));
            assertEquals(CPU, ok(c.run(typed(new NodeCpuStats(), ""))));
            assertEquals(NO_MEMSTATS, fails(c.run(typed(new NodeMemStats(), ""))));
        }
    }

    @Test
    void sysinfo() {
        try (TestConsole c = new TestConsole(connector, VIEWER)) {
            assertEquals("<sysinfo type='smbios'>\n  <bios>\n    <entry name='vendor'>LENOVO</entry>\n"
                + "    <entry name='version'>G4ETA1WW (2.61 )</entry>\n    <entry name='date'>05/07/2014</entry>\n"
                + "    <entry name='release'>2.61</entry>\n  </bios>\n</sysinfo>\n", ok(c.run(typed(new SysInfo(), ""))));
            assertEquals("error: unexpected data 'x'\n", fails(c.run(typed(new SysInfo(), "x"))));
        }
    }

    @Test
    void nodecpustats() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals(CPU, ok(c.run(typed(new NodeCpuStats(), ""))));
            assertEquals(CPU, ok(c.run(typed(new NodeCpuStats(), "3"))));
            assertEquals(CPU, ok(c.run(typed(new NodeCpuStats(), "--cpu 999"))));
            assertEquals("error: Unable to get number of cpu stats\n"
                + "error: cpuNum in virNodeGetCPUStats only accepts -1 as a negative value\n",
                fails(c.run(typed(new NodeCpuStats(), "--cpu -2"))));
            assertEquals("error: Numeric value '99999999999' for <cpu> option is malformed or out of range\n",
                fails(c.run(typed(new NodeCpuStats(), "99999999999"))));
            assertEquals("error: unexpected data '2'\n", fails(c.run(typed(new NodeCpuStats(), "1 2"))));
            assertEquals("error: option --cpu already seen\n", fails(c.run(typed(new NodeCpuStats(), "1 --cpu 1"))));
            assertEquals(CPU, ok(c.run(typed(new NodeCpuStats(), "--cpu -1"))));
            // a first word starting with '-' is an option to Karaf's parser, which knows no "-1" (virsh takes it as the CPU)
            AssertionError refused = assertThrows(AssertionError.class, () -> typed(new NodeCpuStats(), "-1"));
            assertTrue(refused.getMessage().contains("Undefined option: -1"), refused.getMessage());
        }
    }

    @Test
    void nodecpustatsPercentOfFixedFiguresIsNotANumber() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            NodeCpuStats cmd = typed(new NodeCpuStats(), "--percent 1");
            cmd.sleepMs = 0;
            assertEquals("usage:           -nan%\nuser:            -nan%\nsystem:          -nan%\nidle:            -nan%\n"
                + "iowait:          -nan%\n", ok(c.run(cmd)));
        }
    }

    @Test
    void percentagesAsGlibcPrintsThem() {
        assertEquals("-nan", NodeCpuStats.percent(0.0 / 0.0));
        assertEquals("inf", NodeCpuStats.percent(1.0 / 0.0));
        assertEquals("12.5", NodeCpuStats.percent(12.5));
        // the double nearest 0.25 is exact: half to even; 0.35 is a little below 0.35
        assertEquals("0.2", NodeCpuStats.percent(0.25));
        assertEquals("0.3", NodeCpuStats.percent(0.35));
        assertEquals(1.8446744073709552E19, NodeCpuStats.unsigned(-1L));
    }

    @Test
    void nodememstats() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals(NO_MEMSTATS, fails(c.run(typed(new NodeMemStats(), ""))));
            assertEquals(NO_MEMSTATS, fails(c.run(typed(new NodeMemStats(), "0"))));
            assertEquals("error: Unable to get number of memory stats\n"
                + "error: cellNum in virNodeGetMemoryStats only accepts -1 as a negative value\n",
                fails(c.run(typed(new NodeMemStats(), "--cell -2"))));
            assertEquals("error: Numeric value 'x' for <cell> option is malformed or out of range\n",
                fails(c.run(typed(new NodeMemStats(), "x"))));
        }
    }

    @Test
    void capabilityCells() {
        assertEquals(List.of(0L, 1L), CapabilityCells.ids("<capabilities><host><topology><cells num='2'><cell id='0'/><cell id='1'/>"
            + "</cells></topology></host></capabilities>"));
        assertEquals(List.of(), CapabilityCells.ids("<capabilities><host/></capabilities>"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> CapabilityCells.ids("<capabilities><host><topology><cells><cell id='-1'/></cells></topology></host></capabilities>"));
        assertEquals("conversion from string failed", bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class, () -> CapabilityCells.ids("<capabilities>"));
        assertEquals("unable to get node capabilities", bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class,
            () -> CapabilityCells.ids("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><capabilities>&e;</capabilities>"));
        assertEquals("unable to get node capabilities", bad.getMessage());
    }
}
