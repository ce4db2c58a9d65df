package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.VIEWER;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Network;

/**
 * The net-* commands on test:///default (libvirt's test driver's "default" network), with virsh's
 * output layouts and error lines (tools/virsh-network.c), as one console session sees them.
 */
class NetworkCommandsTest {

    static final String DEFAULT_UUID = "dd8fe884-6c02-601e-7551-cca97df1c5df";

    private final Connector connector = TestConsole.connector();

    @TempDir
    Path dir;

    static String netXml(String name, String uuid, String bridge) {
        return "<network>\n  <name>" + name + "</name>\n  <uuid>" + uuid + "</uuid>\n  <bridge name='" + bridge
            + "'/>\n  <ip address='10.9.0.1' prefix='24'/>\n</network>\n";
    }

    private TestConsole admin() {
        return new TestConsole(connector, ADMIN);
    }

    @Test
    void netListShowsTheDefaultNetworkAsVirshDoes() {
        try (TestConsole c = admin()) {
            String table = """
                 Name      State    Autostart   Persistent
                --------------------------------------------
                 default   active   no          yes
                """;
            assertEquals(table, ok(c.run(new NetList())));
            assertEquals(table, ok(c.run(typed(new NetList(), "--all"))));
            assertEquals("default\n", ok(c.run(typed(new NetList(), "--name"))));
            assertEquals(DEFAULT_UUID + "\n", ok(c.run(typed(new NetList(), "--uuid --persistent"))));
            assertEquals("", ok(c.run(typed(new NetList(), "--name --inactive"))));
            assertEquals("", ok(c.run(typed(new NetList(), "--name --transient"))));
            assertEquals("", ok(c.run(typed(new NetList(), "--name --autostart"))));
            assertEquals("error: Only one argument from --table, --name and --uuid may be specified.\n",
                fails(c.run(typed(new NetList(), "--name --uuid"))));
        }
    }

    @Test
    void netInfoNameUuidAndDumpxml() {
        try (TestConsole c = admin()) {
            assertEquals("""
                Name:           default
                UUID:           dd8fe884-6c02-601e-7551-cca97df1c5df
                Active:         yes
                Persistent:     yes
                Autostart:      no
                Bridge:         virbr0
                """, ok(c.run(typed(new NetInfo(), "default"))));
            assertEquals(ok(c.run(typed(new NetInfo(), "default"))), ok(c.run(typed(new NetInfo(), DEFAULT_UUID))));
            assertEquals("default\n", ok(c.run(typed(new NetName(), DEFAULT_UUID))));
            assertEquals(DEFAULT_UUID + "\n", ok(c.run(typed(new NetUuid(), "default"))));
            String xml = ok(c.run(typed(new NetDumpXml(), "default")));
            assertTrue(xml.startsWith("<network>\n  <name>default</name>\n"), xml);
            assertTrue(xml.contains("<range start='192.168.122.2' end='192.168.122.254'/>"), xml);
            // libvirt's test driver has no INACTIVE XML: virsh prints the driver's flag error alone
            assertEquals("error: unsupported flags (0x1) in function testNetworkGetXMLDesc\n",
                fails(c.run(typed(new NetDumpXml(), "--inactive default"))));
            assertEquals("error: unsupported flags (0x1) in function testNetworkGetXMLDesc\n",
                fails(c.run(typed(new NetDumpXml(), "default --inactive"))), "the option after the network, as in virsh");
            // virsh keeps libvirt's error of its last lookup: two lines
            assertEquals("error: failed to get network 'nosuch'\nerror: Network not found: no network with matching name 'nosuch'\n",
                fails(c.run(typed(new NetInfo(), "nosuch"))));
            // net-uuid looks up names only, net-name UUIDs only
            assertEquals("error: failed to get network '" + DEFAULT_UUID + "'\n"
                + "error: Network not found: no network with matching name '" + DEFAULT_UUID + "'\n",
                fails(c.run(typed(new NetUuid(), DEFAULT_UUID))));
            assertEquals("error: failed to get network 'default'\n", fails(c.run(typed(new NetName(), "default"))));
            assertEquals("error: failed to get network '00000000-0000-0000-0000-000000000009'\n"
                + "error: Network not found: no network with matching uuid '00000000-0000-0000-0000-000000000009'\n",
                fails(c.run(typed(new NetName(), "00000000-0000-0000-0000-000000000009"))));
        }
    }

    @Test
    void defineStartAutostartDestroyUndefine() throws IOException {
        Path file = Files.writeString(dir.resolve("lab.xml"), netXml("lab", "c7a5fdbd-cdaf-9455-926a-d65c16db1809", "virbr9"));
        try (TestConsole c = admin()) {
            assertEquals("Network lab defined from " + file + "\n", ok(c.run(typed(new NetDefine(), file.toString()))));
            assertEquals("Network lab defined from " + file + "\n",
                ok(c.run(typed(new NetDefine(), "--validate " + file))));
            assertEquals("""
                 Name      State      Autostart   Persistent
                ----------------------------------------------
                 default   active     no          yes
                 lab       inactive   no          yes
                """, ok(c.run(typed(new NetList(), "--all"))));
            // libvirt's test driver destroys an inactive network without a word
            assertEquals("Network lab destroyed\n", ok(c.run(typed(new NetDestroy(), "lab"))));
            assertEquals("Network lab started\n", ok(c.run(typed(new NetStart(), "lab"))));
            assertEquals("error: Failed to start network lab\n"
                + "error: Requested operation is not valid: Network 'lab' is already running\n",
                fails(c.run(typed(new NetStart(), "lab"))));
            assertEquals("Network lab marked as autostarted\n", ok(c.run(typed(new NetAutostart(), "lab"))));
            assertEquals("lab\n", ok(c.run(typed(new NetList(), "--name --autostart"))));
            assertEquals("Network lab unmarked as autostarted\n", ok(c.run(typed(new NetAutostart(), "--disable lab"))));
            assertEquals("error: Failed to undefine network lab\n"
                + "error: Requested operation is not valid: Network 'lab' is still running\n",
                fails(c.run(typed(new NetUndefine(), "lab"))));
            assertEquals("Network lab destroyed\n", ok(c.run(typed(new NetDestroy(), "lab"))));
            assertEquals("Network lab has been undefined\n", ok(c.run(typed(new NetUndefine(), "lab"))));
            assertEquals("error: failed to get network 'lab'\nerror: Network not found: no network with matching name 'lab'\n",
                fails(c.run(typed(new NetStart(), "lab"))));
        }
    }

    @Test
    void createMakesATransientNetworkAndBadFilesFailAsVirshSays() throws IOException {
        Path file = Files.writeString(dir.resolve("tmp.xml"), netXml("tmp", "7f0b5f4e-2f4e-4d7e-9a53-1b2f8c3d4e5f", "virbr7"));
        Path bad = Files.writeString(dir.resolve("bad.xml"), "<network><name>x</name>");
        try (TestConsole c = admin()) {
            assertEquals("Network tmp created from " + file + "\n", ok(c.run(typed(new NetCreate(), file.toString()))));
            assertEquals("tmp\n", ok(c.run(typed(new NetList(), "--name --transient"))));
            assertEquals("error: Failed to create network from " + file + "\n"
                + "error: Requested operation is not valid: network is already active as 'tmp'\n",
                fails(c.run(typed(new NetCreate(), file.toString()))));
            assertEquals("Network tmp destroyed\n", ok(c.run(typed(new NetDestroy(), "tmp"))));
            assertEquals("", ok(c.run(typed(new NetList(), "--name --transient"))));
            String out = fails(c.run(typed(new NetDefine(), bad.toString())));
            assertTrue(out.startsWith("error: Failed to define network from " + bad + "\nerror: "), out);
            out = fails(c.run(typed(new NetDefine(), dir.resolve("missing.xml").toString())));
            assertEquals("error: Failed to open file '" + dir.resolve("missing.xml") + "': No such file or directory\n", out);
        }
    }

    @Test
    void netDhcpLeasesOnTheTestDriverIsNotSupportedAsInLibvirt() {
        try (TestConsole c = admin()) {
            // libvirt's test driver has no networkGetDHCPLeases (the table itself: NetDhcpLeasesTest)
            assertEquals("error: Failed to get leases info for default\n"
                + "error: this function is not supported by the connection driver: virNetworkGetDHCPLeases\n",
                fails(c.run(typed(new NetDhcpLeases(), "default"))));
            assertEquals("error: failed to get network 'nosuch'\n"
                + "error: Network not found: no network with matching name 'nosuch'\n",
                fails(c.run(typed(new NetDhcpLeases(), "nosuch"))));
        }
    }

    @Test
    void aViewerReadsNetworksButChangesNone() throws IOException {
        Path file = Files.writeString(dir.resolve("v.xml"), netXml("v", "c7a5fdbd-cdaf-9455-926a-d65c16db1800", "virbr8"));
        try (TestConsole v = new TestConsole(connector, VIEWER)) {
            assertTrue(ok(v.run(new NetList())).contains(" default   active   no          yes\n"));
            assertTrue(ok(v.run(typed(new NetInfo(), "default"))).contains("Bridge:         virbr0\n"));
            assertEquals("error: Failed to destroy network default\n"
                + "error: operation forbidden: read only access prevents virNetworkDestroy\n",
                fails(v.run(typed(new NetDestroy(), "default"))));
            assertEquals("error: failed to mark network default as autostarted\n"
                + "error: operation forbidden: read only access prevents virNetworkSetAutostart\n",
                fails(v.run(typed(new NetAutostart(), "default"))));
            assertEquals("error: Failed to undefine network default\n"
                + "error: operation forbidden: read only access prevents virNetworkUndefine\n",
                fails(v.run(typed(new NetUndefine(), "default"))));
            // the viewer may not even read a file outside the configured directory
            String out = fails(v.run(typed(new NetDefine(), file.toString())));
            assertTrue(out.startsWith("error: operation forbidden: cannot read '"), out);
            assertTrue(ok(v.run(typed(new NetInfo(), "default"))).contains("Active:         yes\n"));
        }
    }

    @Test
    void netEventWaitsForANetworksEvent() throws Exception {
        Semaphore subscribed = new Semaphore(0);
        try (TestConsole c = new TestConsole(TestConsole.signallingSubscriptions(connector, subscribed), ADMIN);
             Connection conn = connector.open("test:///default")) {
            assertEquals("lifecycle\n", ok(c.run(typed(new NetEvent(), "--list"))));
            assertEquals("error: either --list or --event <type> is required\n", fails(c.run(new NetEvent())));
            assertEquals("error: unknown event type agent\n", fails(c.run(typed(new NetEvent(), "--event agent"))));
            assertEquals("error: failed to get network 'nosuch'\n"
                + "error: Network not found: no network with matching name 'nosuch'\n",
                fails(c.run(typed(new NetEvent(), "--event lifecycle --network nosuch"))));
            AtomicReference<TestConsole.Result> result = new AtomicReference<>();
            Thread waiter = new Thread(() -> result.set(c.run(typed(new NetEvent(), "--event lifecycle --network default"))),
                "virt:net-event");
            waiter.start();
            assertTrue(subscribed.tryAcquire(1, TimeUnit.MINUTES), "virt:net-event subscribed");
            Network d = conn.lookupNetworkByName("default");
            d.destroy();
            waiter.join(TimeUnit.MINUTES.toMillis(1));
            assertFalse(waiter.isAlive(), "virt:net-event ends after the first event");
            assertEquals("event 'lifecycle' for network default: Stopped\nevents received: 1\n", ok(result.get()));
            d.create();
        }
    }

    @Test
    void netEventTimesOutAsVirshDoes() {
        try (TestConsole c = admin()) {
            TestConsole.Result r = c.run(typed(new NetEvent(), "--event lifecycle --timeout 1"));
            assertEquals("event loop timed out\nevents received: 0\n", fails(r));
        }
    }
}
