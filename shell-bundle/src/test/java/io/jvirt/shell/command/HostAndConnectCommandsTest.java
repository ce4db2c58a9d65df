package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.nodeUri;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connector;

/** The host commands and the session's connection (virt:connect), against the test driver, as virsh prints them. */
class HostAndConnectCommandsTest {

    static final String NODE_INFO_DEFAULT = """
        CPU model:           i686
        CPU(s):              16
        CPU frequency:       1400 MHz
        CPU socket(s):       2
        Core(s) per socket:  2
        Thread(s) per core:  2
        NUMA cell(s):        2
        Memory size:         3145728 KiB
        """;

    private final Connector connector = TestConsole.connector();

    @Test
    void hostCommands() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            assertEquals("test:///default\n", ok(c.run(new Uri())));
            assertEquals(NODE_INFO_DEFAULT, ok(c.run(new NodeInfoCommand())));
            String version = ok(c.run(new Version()));
            assertTrue(version.matches(
                "Compiled against library: jvirt \\S+\nUsing library: jvirt \\S+\nUsing API: TEST \\S+\nRunning hypervisor: TEST \\S+\n"),
                version);
            assertFalse(ok(c.run(new Hostname())).isBlank());
            assertTrue(ok(c.run(new Capabilities())).contains("<capabilities>"));
            String drivers = ok(c.run(new Drivers()));
            // column widths follow the widest cell, so they depend on which drivers are installed
            assertTrue(drivers.matches("(?s) Driver +Schemes +Stateful +Bundle +Version +State\n-+\n.*"), drivers);
            // a driver given to the core outside OSGi has no bundle (its OSGi row is ConsoleIT's)
            assertTrue(drivers.matches("(?s).*\n test +no +- +- +-\n"), drivers);
        }
    }

    @Test
    void connectChoosesTheSessionsConnection() {
        try (TestConsole c = new TestConsole(connector, ADMIN)) {
            ok(c.run(new Connect(), x -> x.uri = nodeUri()));
            assertEquals(nodeUri() + "\n", ok(c.run(new Uri())));
            assertTrue(ok(c.run(new NodeInfoCommand())).startsWith("CPU model:           i986\n"));
            ok(c.run(new Connect()));
            assertEquals("test:///default\n", ok(c.run(new Uri())));
            assertEquals("error: Failed to connect to the hypervisor\nerror: no connection driver available for nosuch:///x\n",
                fails(c.run(new Connect(), x -> x.uri = "nosuch:///x")));
        }
    }

    @Test
    void eachSessionHasItsOwnConnection() {
        try (TestConsole one = new TestConsole(connector, ADMIN); TestConsole two = new TestConsole(connector, ADMIN)) {
            ok(one.run(new Connect(), x -> x.uri = nodeUri()));
            assertEquals(nodeUri() + "\n", ok(one.run(new Uri())));
            assertEquals("test:///default\n", ok(two.run(new Uri())));
        }
    }

    @Test
    void readOnlyConnectionRefusesChanges() {
        try (TestConsole c = TestConsole.onNode(connector, ADMIN, true)) {
            assertEquals(" Id   Name   State\n----------------------\n 1    fv0    running\n 2    fc4    running\n 3    fc5    running\n",
                ok(c.run(new ListDomains())));
            String out = fails(c.run(on(new Destroy(), "fc4")));
            assertTrue(out.startsWith("error: Failed to destroy domain 'fc4'\nerror: operation forbidden"), out);
            out = fails(c.run(on(new SetMem(), "fc4"), x -> x.size = "100000"));
            assertTrue(out.startsWith("error: operation forbidden"), out);
            out = fails(c.run(on(new SetMaxMem(), "fc4"), x -> x.size = "300000"));
            assertTrue(out.startsWith("error: Unable to change MaxMemorySize\nerror: operation forbidden"), out);
            assertEquals("running\n", ok(c.run(on(new DomState(), "fc4"))));
        }
    }
}
