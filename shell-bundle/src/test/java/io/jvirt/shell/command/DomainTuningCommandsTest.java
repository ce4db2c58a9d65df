package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.VIEWER;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connector;

/**
 * domcontrol, vcpupin and schedinfo as virsh prints them on test:///default (the words and
 * tables checked against real virsh on libvirt's test driver by server-bundle's
 * DomainTuningOverTheWireTest; the error lines of libvirt's virsh transcripts vcpupin and
 * schedinfo-invalid-argument).
 */
class DomainTuningCommandsTest {

    private final Connector connector = TestConsole.connector();

    @Test
    void domcontrol() {
        try (TestConsole c = new TestConsole(connector, VIEWER)) {
            assertEquals("ok\n", ok(c.run(typed(new DomControl(), "test"))));
        }
    }

    @Test
    void vcpupinTranscriptErrors() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("error: Numeric value 'a' for <vcpu> option is malformed or out of range\n",
                fails(c.run(typed(new VcpuPin(), "test a 0,1"))));
            assertEquals("error: invalid argument: requested vcpu '100' is not present in the domain\n",
                fails(c.run(typed(new VcpuPin(), "test 100 0,1"))));
            assertEquals("error: Numeric value '-100' for <vcpu> option is malformed or out of range\n",
                fails(c.run(typed(new VcpuPin(), "test -100 0,1"))));
            assertEquals("error: vcpupin: Missing vCPU number in pin mode.\n",
                fails(c.run(typed(new VcpuPin(), "test --cpulist 0,1"))));
            assertEquals("error: vcpu 100 is out of range of live cpu count 2\n", fails(c.run(typed(new VcpuPin(), "test 100 --live"))));
            assertEquals("error: vcpu 100 is out of range of live cpu count 2\n", fails(c.run(typed(new VcpuPin(), "test 100"))));
            assertEquals("error: vcpu 100 is out of range of persistent cpu count 2\n",
                fails(c.run(typed(new VcpuPin(), "test 100 --config"))));
            assertEquals("error: vcpu 100 is out of range of live cpu count 2\n",
                fails(c.run(typed(new VcpuPin(), "test 100 --current"))));
            assertEquals("error: Options --live and --config are mutually exclusive\n",
                fails(c.run(typed(new VcpuPin(), "test --live --config"))));
            assertEquals("error: CPU 99 in cpulist '99' exceed the maxcpu 8\n", fails(c.run(typed(new VcpuPin(), "test 0 99"))));
            assertEquals("error: Invalid cpulist 'x'\nerror: invalid argument: Failed to parse bitmap 'x'\n",
                fails(c.run(typed(new VcpuPin(), "test 0 x"))));
            assertEquals("error: Invalid cpulist '1,^1'\n", fails(c.run(typed(new VcpuPin(), "test 0 1,^1"))));
            assertEquals("error: unsupported flags (0x1) in function testDomainPinVcpuFlags\n",
                fails(c.run(typed(new VcpuPin(), "test 0 0 --live"))));
        }
    }

    @Test
    void vcpupinTables() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            // virsh's maps are as wide as the test node's made-up CPU map: 8 CPUs
            assertEquals(" VCPU   CPU Affinity\n----------------------\n 0      0-7\n 1      0-7\n",
                ok(c.run(typed(new VcpuPin(), "test"))));
            ok(c.run(typed(new VcpuPin(), "test 1 0-1")));
            assertEquals(" VCPU   CPU Affinity\n----------------------\n 1      0-1\n", ok(c.run(typed(new VcpuPin(), "test --vcpu 1"))));
            assertEquals(" VCPU   CPU Affinity\n----------------------\n 0      0-7\n 1      0-7\n",
                ok(c.run(typed(new VcpuPin(), "test --config"))));
        }
    }

    /** The vCPU and the list by name or by position, in any order (virsh's parser), as virsh 9.0 takes them. */
    @Test
    void vcpupinArgumentsAsOptions() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("", ok(c.run(typed(new VcpuPin(), "--vcpu 1 test 0"))));
            assertEquals(" VCPU   CPU Affinity\n----------------------\n 1      0\n", ok(c.run(typed(new VcpuPin(), "test 1"))));
            assertEquals("", ok(c.run(typed(new VcpuPin(), "test --cpulist 1 0"))));
            assertEquals(" VCPU   CPU Affinity\n----------------------\n 0      1\n", ok(c.run(typed(new VcpuPin(), "test --vcpu 0"))));
            assertEquals("error: unexpected data '2'\n", fails(c.run(typed(new VcpuPin(), "test 0 1 2"))));
        }
    }

    @Test
    void schedinfo() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("Scheduler      : fair\nweight         : 50\n", ok(c.run(typed(new SchedInfo(), "test"))));
            assertEquals("Scheduler      : fair\nweight         : 50\n", ok(c.run(typed(new SchedInfo(), "test --set weight=10"))));
            assertEquals("Scheduler      : fair\nweight         : 50\n", ok(c.run(typed(new SchedInfo(), "test --weight 20"))));
            // the transcript schedinfo-invalid-argument
            assertEquals("Scheduler      : fair\nerror: invalid scheduler option: j\n", fails(c.run(typed(new SchedInfo(), "1 --set j=k"))));
            assertEquals("Scheduler      : fair\nerror: invalid argument: Invalid value for field 'weight': expected unsigned int\n",
                fails(c.run(typed(new SchedInfo(), "test --set weight=x"))));
            assertEquals("Scheduler      : fair\nerror: unsupported flags (0x5) in function testDomainGetSchedulerParametersFlags\n",
                fails(c.run(typed(new SchedInfo(), "test --live"))));
            assertEquals("Scheduler      : fair\nerror: unsupported flags (0x4) in function testDomainGetSchedulerParametersFlags\n",
                fails(c.run(typed(new SchedInfo(), "test --current"))));
        }
    }
}
