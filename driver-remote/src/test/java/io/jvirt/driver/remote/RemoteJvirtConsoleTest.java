package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ConsoleFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.ConsoleScreen;
import io.jvirt.api.testing.Poll;
import io.jvirt.api.testing.TinyGuest;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.qemu.QemuDriver;
import io.jvirt.server.RemoteServer;
import io.jvirt.server.ServerSettings;

/**
 * jvirt managing jvirt, console included: driver-qemu's tiny guest (under TCG, its serial port a
 * pty) behind server-bundle's RemoteServer on jvirt's QEMU driver, and the remote driver's console
 * stream to it. Every QEMU the test started is killed by its pid at the end.
 */
class RemoteJvirtConsoleTest {

    @TempDir
    Path tmp;
    private QemuDriver driver;
    private RemoteServer server;
    private Connection local;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        io.jvirt.api.testing.Prerequisite.require(java.nio.file.Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")),
            "qemu-system-x86 is not installed");
        socket = tmp.resolve("run/libvirt-sock");
        driver = QemuDriver.standalone(tmp.resolve("qemu"));
        Connector connector = StandaloneConnector.create(null, driver);
        server = RemoteServer.start(connector, ServerSettings.defaults(socket));
        local = connector.open("qemu:///system");
    }

    @AfterEach
    void stop() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
            if (local != null) {
                local.close();
            }
            if (driver != null) {
                driver.stop();
            }
        } finally {
            TinyGuest.killProcessesUsing(tmp);
        }
    }

    @Test
    void theGuestsConsoleThroughJvirtsServer() throws Exception {
        TinyGuest guest = TinyGuest.build(Path.of("target/tiny-guest"));
        Domain mine = local.defineXml(guest.ptyXml("tiny"));
        mine.create();
        Connector remote = StandaloneConnector.create(null, new RemoteDriver());
        try (Connection c = remote.open("qemu+unix:///system?socket=" + socket)) {
            Domain d = c.lookupByName("tiny");
            try (ConsoleScreen first = new ConsoleScreen(d.openConsole(null))) {
                first.converse("hello");
                VirtException busy = assertThrows(VirtException.class, () -> d.openConsole(null, ConsoleFlag.SAFE));
                assertEquals(ErrorCode.OPERATION_FAILED, busy.code());
                assertEquals("operation failed: Active console session exists for this domain", busy.getMessage());
                try (ConsoleScreen second = new ConsoleScreen(d.openConsole("serial0", ConsoleFlag.FORCE))) {
                    Poll.until("the first session to end", Duration.ofSeconds(30), first::ended, first::toString);
                    second.converse("again");
                    assertFalse(first.shows("GOT again"), first.toString());
                }
            }
            // closed: free again without FORCE, also for the server's own users
            mine.openConsole(null).close();
            new ConsoleScreen(d.openConsole(null)).converse("left open");
        }
        // the connection closed with a console open: the server released the device
        Poll.until("the console to be released", Duration.ofSeconds(30), () -> {
            try {
                mine.openConsole(null).close();
                return true;
            } catch (VirtException e) {
                return false;
            }
        });
    }
}
