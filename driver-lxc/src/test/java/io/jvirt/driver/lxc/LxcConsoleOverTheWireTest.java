package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.testing.VirshConsole;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.server.RemoteServer;
import io.jvirt.server.ServerSettings;

/**
 * Real {@code virsh console} over the wire (server-bundle's libvirt protocol on a private socket)
 * on a real container whose init answers every line read from its console with "GOT line", as
 * driver-qemu's tiny guest does on its serial port: what virsh types reaches the container and the
 * answer comes back; virsh's --safe is refused in libvirt's LXC words (its driver takes no flag);
 * the container keeps running after virsh detached. virsh is driven under a pty by
 * api-bundle's VirshConsole.
 */
class LxcConsoleOverTheWireTest {

    private LxcFixture fx;
    private LxcDriver driver;
    private RemoteServer server;
    private Connection conn;
    private String uri;

    @BeforeEach
    void start() throws IOException {
        VirshConsole.require();
        LxcFixture.assumeProgram("socat", "socat");
        fx = LxcFixture.create();
        driver = new LxcDriver(fx.settings());
        Path socket = fx.tmp.resolve("run/libvirt-sock");
        Connector connector = StandaloneConnector.create(null, driver);
        server = RemoteServer.start(connector, ServerSettings.defaults(socket));
        conn = connector.open("lxc:///");
        uri = "lxc+unix:///?socket=" + socket;
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
            if (conn != null) {
                conn.close();
            }
            if (driver != null) {
                driver.deactivate();
            }
        } finally {
            if (fx != null) {
                fx.close(); // the containers and their relays, by pid
            }
        }
    }

    private String console(String domain, String line, String... options) throws Exception {
        return VirshConsole.type(uri, domain, line, "GOT ", fx.tmp.resolve("virsh-home"), options).output();
    }

    @Test
    void virshConsoleTalksToTheContainersInit() throws Exception {
        Domain d = conn.createXml(fx.xml("wirec", "while read -r l; do echo \"GOT $l\"; done").replace("</devices>",
            "<console type='pty'/>\n</devices>"));

        String out = console("wirec", "hello");
        assertTrue(out.contains("Connected to domain 'wirec'\nEscape character is ^] (Ctrl + ])\n"), out);
        assertTrue(out.contains("GOT hello\n"), out);
        assertTrue(out.contains("exit 0 ok True"), out);
        assertEquals(DomainState.RUNNING, d.state().state(), "virsh detaching leaves the container running");

        // libvirt's LXC driver takes no console flag: virsh's --safe asks for one
        String safe = console("wirec", "nope", "--safe");
        assertTrue(safe.contains("error: unsupported flags (0x2) in function lxcDomainOpenConsole"), safe);
        assertFalse(safe.contains("GOT nope"), safe);

        // by its alias, again: the console is free after every detach
        String again = console("wirec", "again", "--devname", "console0");
        assertTrue(again.contains("GOT again\n") && again.contains("exit 0 ok True"), again);
        assertEquals(DomainState.RUNNING, d.state().state());
        d.destroy();
    }
}
