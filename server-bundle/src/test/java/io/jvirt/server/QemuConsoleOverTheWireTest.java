package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainConsole;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.testing.BoundedProcess;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.api.testing.TinyGuest;
import io.jvirt.api.testing.VirshConsole;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.qemu.QemuDriver;

/**
 * Real {@code virsh console} over the wire on a real QEMU guest's serial pty (driver-qemu's tiny
 * guest under TCG, which answers every line typed on its serial port with "GOT line"): what is
 * typed reaches a program in the guest and its answer comes back; a second session is refused
 * with libvirt's words while one holds the console, and {@code --force} takes it over. Every QEMU
 * the test started is killed by its pid at the end.
 */
class QemuConsoleOverTheWireTest {

    @TempDir
    Path tmp;
    private QemuDriver driver;
    private RemoteServer server;
    private Connection conn;
    private String uri;

    @BeforeEach
    void start() throws IOException {
        VirshConsole.require();
        Prerequisite.require(HostCommand.run(List.of("sh", "-c", "command -v qemu-system-x86_64"), Map.of("PATH", "/usr/bin:/bin"),
            10_000, ErrorDomain.NONE).status() == 0, "qemu-system-x86_64 is not installed");
        Path socket = tmp.resolve("run/libvirt-sock");
        driver = QemuDriver.standalone(tmp.resolve("qemu"));
        Connector connector = StandaloneConnector.create(null, driver);
        server = RemoteServer.start(connector, ServerSettings.defaults(socket));
        conn = connector.open("qemu:///system");
        uri = "qemu+unix:///system?socket=" + socket;
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
            if (conn != null) {
                conn.close();
            }
            if (driver != null) {
                driver.stop();
            }
        } finally {
            TinyGuest.killProcessesUsing(tmp);
        }
    }

    private BoundedProcess.Result console(String domain, String line, String... options) throws Exception {
        return VirshConsole.type(uri, domain, line, "GOT ", tmp.resolve("virsh-home"), options);
    }

    @Test
    void virshConsoleTalksToTheGuestsSerialPortAndForceTakesItOver() throws Exception {
        String xml = TinyGuest.build(Path.of("target/tiny-guest")).ptyXml("tiny");
        Domain d = conn.defineXml(xml);
        d.create();

        String out = console("tiny", "hello", "--safe").output();
        assertTrue(out.contains("Connected to domain 'tiny'\nEscape character is ^] (Ctrl + ])\n"), out);
        assertTrue(out.contains("GOT hello\n"), out);
        assertTrue(out.contains("exit 0 ok True"), out);

        // a session held elsewhere: virsh is refused as libvirt refuses it, then takes it with --force
        DomainConsole held = d.openConsole(null);
        try {
            String refused = console("tiny", "nope").output();
            assertTrue(refused.contains("error: operation failed: Active console session exists for this domain"), refused);
            assertFalse(refused.contains("GOT nope"), refused);

            String forced = console("tiny", "mine", "--force").output();
            assertTrue(forced.contains("GOT mine\n"), forced);
            assertTrue(forced.contains("exit 0 ok True"), forced);
            assertEquals(-1, held.input().read(), "the session taken over has ended");
        } finally {
            held.close();
        }

        // after virsh detached, the console is free again
        String again = console("tiny", "again", "--devname", "serial0").output();
        assertTrue(again.contains("GOT again\n") && again.contains("exit 0 ok True"), again);

        // a client that closes its connection with the console open releases the console
        try (RawClient c = new RawClient(tmp.resolve("run/libvirt-sock"))) {
            c.ok("AUTH_LIST", null);
            c.ok("CONNECT_OPEN", io.jvirt.core.kit.rpc.XdrStruct.of("a", "name", "qemu:///system", "flags", 0));
            io.jvirt.core.kit.rpc.XdrStruct dom = c.ok("DOMAIN_LOOKUP_BY_NAME", io.jvirt.core.kit.rpc.XdrStruct.of("a", "name", "tiny"))
                .getStruct("dom");
            io.jvirt.core.kit.rpc.Procedure p = RawClient.REMOTE.procedure("DOMAIN_OPEN_CONSOLE");
            c.send(new io.jvirt.core.kit.rpc.RpcMessage(RawClient.REMOTE.call(p, 500), p.encodeArgs(io.jvirt.core.kit.rpc.XdrStruct.of("a",
                "dom", dom, "dev_name", null, "flags", 0))));
            assertEquals(io.jvirt.core.kit.rpc.MessageStatus.OK, c.reply().header().status());
            io.jvirt.api.VirtException busy = org.junit.jupiter.api.Assertions.assertThrows(io.jvirt.api.VirtException.class,
                () -> d.openConsole(null));
            assertTrue(busy.getMessage().contains("Active console session exists"), busy.getMessage());

            c.call("CONNECT_CLOSE", null);
            io.jvirt.api.testing.Poll.until("the console to be released", java.time.Duration.ofSeconds(30), () -> {
                try {
                    d.openConsole(null).close();
                    return true;
                } catch (io.jvirt.api.VirtException e) {
                    return false;
                }
            });
        }
    }
}
