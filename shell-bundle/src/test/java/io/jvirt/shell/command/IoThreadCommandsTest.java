package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.VIEWER;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connector;

/**
 * iothreadinfo, iothreadadd, iothreaddel, iothreadset and iothreadpin as virsh 9.0 prints them on
 * test:///default (checked against real virsh on libvirt's test driver by server-bundle's
 * IoThreadsOverTheWireTest).
 */
class IoThreadCommandsTest {

    private final Connector connector = TestConsole.connector();

    @Test
    void addPinAndDeleteShowInTheTable() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("No IOThreads found for the domain\n", ok(c.run(typed(new IoThreadInfo(), "test"))));
            assertEquals("", ok(c.run(typed(new IoThreadAdd(), "test 3"))));
            ok(c.run(typed(new IoThreadAdd(), "test --id 5")));
            ok(c.run(typed(new IoThreadPin(), "test 5 0,2")));
            assertEquals(" IOThread ID   CPU Affinity\n-----------------------------\n 3             0-1\n 5             0,2\n",
                ok(c.run(typed(new IoThreadInfo(), "test"))));
            assertEquals("No IOThreads found for the domain\n", ok(c.run(typed(new IoThreadInfo(), "test --config"))));
            ok(c.run(typed(new IoThreadSet(), "test 3 --poll-max-ns 100 --poll-grow 2")));
            assertEquals("Domain: 'test'\n  iothread.count=2\n  iothread.3.poll-max-ns=100\n  iothread.3.poll-grow=2\n"
                + "  iothread.3.poll-shrink=0\n  iothread.5.poll-max-ns=32768\n  iothread.5.poll-grow=0\n  iothread.5.poll-shrink=0\n",
                ok(c.run(typed(new DomStats(), "--iothread"))));
            ok(c.run(typed(new IoThreadDel(), "test 5")));
            assertEquals(" IOThread ID   CPU Affinity\n-----------------------------\n 3             0-1\n",
                ok(c.run(typed(new IoThreadInfo(), "test"))));
        }
    }

    @Test
    void virshsAndLibvirtsRefusals() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("error: Invalid IOThread id value: '0'\n", fails(c.run(typed(new IoThreadAdd(), "test 0"))));
            assertEquals("error: Numeric value 'x' for <id> option is malformed or out of range\n",
                fails(c.run(typed(new IoThreadAdd(), "test x"))));
            ok(c.run(typed(new IoThreadAdd(), "test 3")));
            assertEquals("error: invalid argument: an IOThread is already using iothread_id '3'\n",
                fails(c.run(typed(new IoThreadAdd(), "test 3"))));
            assertEquals("error: invalid argument: cannot find IOThread '9' in iothreadids list\n",
                fails(c.run(typed(new IoThreadDel(), "test 9"))));
            assertEquals("error: Not enough arguments passed, nothing to set\n", fails(c.run(typed(new IoThreadSet(), "test 3"))));
            assertEquals("error: unsupported flags (0x2) in function testDomainSetIOThreadParams\n",
                fails(c.run(typed(new IoThreadSet(), "test 3 --poll-grow 1 --config"))));
            assertEquals("error: Numeric value '-1' for <poll-max-ns> option is malformed or out of range\n",
                fails(c.run(typed(new IoThreadSet(), "test 3 --poll-max-ns -1"))));
            assertEquals("error: argument unsupported: parameter 'thread_pool_max' not supported\n",
                fails(c.run(typed(new IoThreadSet(), "test 3 --thread-pool-max 5"))));
            assertEquals("error: invalid argument: iothreadid 8 not found\n", fails(c.run(typed(new IoThreadPin(), "test 8 1"))));
            assertEquals("error: CPU 100 in cpulist '100' exceed the maxcpu 8\n", fails(c.run(typed(new IoThreadPin(), "test 3 100"))));
            assertEquals("error: Unable to get domain IOThreads information\n"
                + "error: Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive\n",
                fails(c.run(typed(new IoThreadInfo(), "test --live --config"))));
            assertEquals("error: Options --current and --live are mutually exclusive\n",
                fails(c.run(typed(new IoThreadInfo(), "test --current --live"))));
        }
    }

    /**
     * virsh names every argument as an option too and reads options anywhere: the id as --id before
     * or after the domain, iothreadpin's thread and list by name in any order, iothreadset's polling
     * values by position (its options that are no flags, in its table's order).
     */
    @Test
    void argumentsAsOptionsAndOptionsAnywhere() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            ok(c.run(typed(new IoThreadAdd(), "--id 6 test")));
            ok(c.run(typed(new IoThreadAdd(), "test --live 3")));
            ok(c.run(typed(new IoThreadPin(), "test --cpulist 0 3")));
            ok(c.run(typed(new IoThreadPin(), "--iothread 6 test 1")));
            assertEquals(" IOThread ID   CPU Affinity\n-----------------------------\n 6             1\n 3             0\n",
                ok(c.run(typed(new IoThreadInfo(), "test"))));
            assertEquals("No IOThreads found for the domain\n", ok(c.run(typed(new IoThreadInfo(), "test --config"))));
            ok(c.run(typed(new IoThreadSet(), "test 3 100 2")));
            assertEquals("Domain: 'test'\n  iothread.count=2\n  iothread.6.poll-max-ns=32768\n  iothread.6.poll-grow=0\n"
                + "  iothread.6.poll-shrink=0\n  iothread.3.poll-max-ns=100\n  iothread.3.poll-grow=2\n  iothread.3.poll-shrink=0\n",
                ok(c.run(typed(new DomStats(), "--iothread"))));
            ok(c.run(typed(new IoThreadDel(), "test --id 6")));
            assertEquals(" IOThread ID   CPU Affinity\n-----------------------------\n 3             0\n",
                ok(c.run(typed(new IoThreadInfo(), "test"))));
        }
    }

    /** virsh's words for what its parser refuses: a missing argument (--name for a number, &lt;name&gt; for a string), extra data, an option the command has not. */
    @Test
    void parserRefusals() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("error: command 'iothreadadd' requires --id option\n", fails(c.run(typed(new IoThreadAdd(), "test"))));
            assertEquals("error: command 'iothreadadd' requires --id option\n", fails(c.run(typed(new IoThreadAdd(), "nosuch"))));
            assertEquals("error: command 'iothreadset' requires --id option\n", fails(c.run(typed(new IoThreadSet(), "test"))));
            assertEquals("error: command 'iothreadpin' requires <cpulist> option\n", fails(c.run(typed(new IoThreadPin(), "test 3"))));
            assertEquals("error: command 'iothreadpin' requires --iothread option\n",
                fails(c.run(typed(new IoThreadPin(), "test --cpulist 0"))));
            assertEquals("error: command 'iothreadpin' requires --iothread option\nerror: command 'iothreadpin' requires <cpulist> option\n",
                fails(c.run(typed(new IoThreadPin(), "test"))));
            assertEquals("error: unexpected data '4'\n", fails(c.run(typed(new IoThreadAdd(), "test 3 4"))));
            assertEquals("error: unexpected data '3'\n", fails(c.run(typed(new IoThreadInfo(), "test 3"))));
            assertEquals("error: command 'iothreadinfo' doesn't support option --id\n",
                fails(c.run(typed(new IoThreadInfo(), "test --id 3"))));
        }
    }

    @Test
    void aReadOnlyConsoleReadsButDoesNotChange() {
        try (TestConsole c = new TestConsole(connector, VIEWER)) {
            assertEquals("No IOThreads found for the domain\n", ok(c.run(typed(new IoThreadInfo(), "test"))));
            assertTrue(fails(c.run(typed(new IoThreadAdd(), "test 1"))).contains("read only access prevents virDomainAddIOThread"));
        }
    }
}
