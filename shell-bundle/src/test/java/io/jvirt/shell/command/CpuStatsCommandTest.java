package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connector;

/**
 * cpu-stats as virsh 9.0 prints it on test:///default (checked against real virsh on libvirt's
 * test driver by server-bundle's CpuStatsOverTheWireTest).
 */
class CpuStatsCommandTest {

    private final Connector connector = TestConsole.connector();

    private static final String CPU1 = "CPU1:\n\tcpu_time            24.386308518 seconds\n\tvcpu_time           23.151740628 seconds\n";
    private static final String TOTAL = "Total:\n\tcpu_time            48.772617035 seconds\n"
        + "\tuser_time            5.540000000 seconds\n\tsystem_time          6.460000000 seconds\n";

    @Test
    void perCpuAndTotal() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("CPU0:\n\tcpu_time            24.386308517 seconds\n\tvcpu_time           23.151740627 seconds\n"
                + CPU1 + TOTAL, ok(c.run(typed(new CpuStats(), "test"))));
            assertEquals(TOTAL, ok(c.run(typed(new CpuStats(), "test --total"))));
            assertEquals(CPU1, ok(c.run(typed(new CpuStats(), "test --start 1"))));
            assertEquals(CPU1 + TOTAL, ok(c.run(typed(new CpuStats(), "test --start 1 --total"))));
            assertEquals("Only 2 CPUs available to show\n" + CPU1, ok(c.run(typed(new CpuStats(), "test --start 1 --count 10"))));
        }
    }

    /** virsh gives plain words after the domain to --start, then --count (options that are no flags, in its table's order). */
    @Test
    void startAndCountByPosition() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals(CPU1, ok(c.run(typed(new CpuStats(), "test 1"))));
            assertEquals(CPU1, ok(c.run(typed(new CpuStats(), "test 1 1"))));
            assertEquals(CPU1, ok(c.run(typed(new CpuStats(), "test --count 1 1"))));
            assertEquals(CPU1, ok(c.run(typed(new CpuStats(), "--start 1 test 1"))));
        }
    }

    /** virsh's cpu-stats has no --config, --live or --current (opts_cpu_stats): refused after the domain and before it. */
    @Test
    void noImpactOptions() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            for (String flag : new String[] {"--config", "--live", "--current"}) {
                assertEquals("error: command 'cpu-stats' doesn't support option " + flag + "\n",
                    fails(c.run(typed(new CpuStats(), "test " + flag))));
                AssertionError refused = assertThrows(AssertionError.class, () -> typed(new CpuStats(), flag + " test"));
                assertTrue(refused.getMessage().contains(flag), refused.getMessage());
            }
        }
    }

    @Test
    void refusals() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("error: Invalid value for start CPU\n", fails(c.run(typed(new CpuStats(), "test --start -1"))));
            assertEquals("error: Start CPU 2 is out of range (min: 0, max: 1)\n", fails(c.run(typed(new CpuStats(), "test --start 2"))));
            assertEquals("error: Invalid value for number of CPUs to show\n", fails(c.run(typed(new CpuStats(), "test --count -1"))));
            assertEquals("error: Numeric value 'x' for <start> option is malformed or out of range\n",
                fails(c.run(typed(new CpuStats(), "test --start x"))));
            assertEquals("error: unexpected data '2'\n", fails(c.run(typed(new CpuStats(), "test 0 1 2"))));
            ok(c.run(typed(new Destroy(), "test")));
            assertEquals("error: Failed to retrieve CPU statistics for domain 'test'\n"
                + "error: Requested operation is not valid: domain is not running\n", fails(c.run(typed(new CpuStats(), "test"))));
        }
    }
}
