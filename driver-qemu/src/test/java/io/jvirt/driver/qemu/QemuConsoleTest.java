package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.ConsoleFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.ConsoleScreen;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * The console of real QEMU guests under TCG (libvirt's qemuDomainOpenConsole): the tiny guest's
 * serial pty read and typed into (the guest answers every typed line with "GOT line"), one
 * session per device with FORCE taking it over, and libvirt's refusals.
 */
class QemuConsoleTest {

    @TempDir
    Path dir;
    QemuDriver driver;
    Connection conn;

    @BeforeEach
    void open() {
        QemuTestSupport.assumeQemu();
        driver = new QemuDriver(QemuLifecycleTest.settings(dir));
        conn = StandaloneConnector.create(null, driver).open("qemu:///system");
    }

    @AfterEach
    void cleanup() {
        QemuTestSupport.stop(conn, driver, dir);
    }

    /** The tiny guest with its serial port 0 on a pty, and a second pty port. */
    private Domain ptyGuest(String name) {
        String xml = QemuTestSupport.tinyGuestXml(name, QemuTestSupport.tinyGuest(), dir.resolve("unused.log"))
            .replaceAll("(?s)<serial type='file'>.*?</serial>",
                "<serial type='pty'><target port='0'/></serial><serial type='pty'><target port='1'/></serial>");
        Domain d = conn.defineXml(xml);
        d.create();
        return d;
    }

    @Test
    void theSerialPtyIsReadAndTypedIntoAndForceTakesTheSessionOver() throws Exception {
        Domain d = ptyGuest("talker");
        try (ConsoleScreen first = new ConsoleScreen(d.openConsole(null))) {
            first.converse("hello");
            assertTrue(first.shows("GOT hello"), first.toString());

            // a second session on the same device is refused while the first holds it (SAFE or not)
            for (ConsoleFlag[] flags : new ConsoleFlag[][] {{}, {ConsoleFlag.SAFE}}) {
                VirtException busy = assertThrows(VirtException.class, () -> d.openConsole(null, flags));
                assertEquals(ErrorCode.OPERATION_FAILED, busy.code());
                assertEquals("operation failed: Active console session exists for this domain", busy.getMessage());
            }
            // by its alias the same device: refused too; the other port is another device
            assertThrows(VirtException.class, () -> d.openConsole("serial0"));
            d.openConsole("serial1").close();

            // FORCE: the first session ends, the new one talks to the guest
            try (ConsoleScreen second = new ConsoleScreen(d.openConsole("serial0", ConsoleFlag.FORCE))) {
                Poll.until("the first session to end", Duration.ofSeconds(30), first::ended, first::toString);
                second.converse("again");
                assertTrue(!first.toString().contains("GOT again"), first.toString());
            }
            // the second closed: the device is free again without FORCE
            try (ConsoleScreen third = new ConsoleScreen(d.openConsole(null, ConsoleFlag.SAFE))) {
                third.converse("third");
                // the domain stopping ends the session
                d.destroy();
                Poll.until("the console to end with the domain", Duration.ofSeconds(30), third::ended, third::toString);
            }
        }
    }

    @Test
    void libvirtsRefusals() throws Exception {
        Domain idle = conn.defineXml(QemuTestSupport.emptyGuestXml("idle"));
        VirtException notRunning = assertThrows(VirtException.class, () -> idle.openConsole(null));
        assertEquals(ErrorCode.OPERATION_INVALID, notRunning.code());
        assertEquals("Requested operation is not valid: domain is not running", notRunning.getMessage());
        // virDomainObjCheckActive is domain_conf.c's: libvirtd reports it under the DOMAIN error domain
        assertEquals(io.jvirt.api.ErrorDomain.DOMAIN, notRunning.errorDomain());

        idle.create(); // no serial port, no console
        VirtException none = assertThrows(VirtException.class, () -> idle.openConsole(null));
        assertEquals(ErrorCode.INTERNAL_ERROR, none.code());
        assertEquals("internal error: cannot find character device <null>", none.getMessage());
        VirtException named = assertThrows(VirtException.class, () -> idle.openConsole("serial0"));
        assertEquals("internal error: cannot find character device serial0", named.getMessage());

        Domain filed = conn.createXml(QemuTestSupport.emptyGuestXml("filed").replace("</os>",
            "</os><devices><serial type='file'><source path='" + dir.resolve("filed.log") + "'/></serial></devices>"));
        VirtException notPty = assertThrows(VirtException.class, () -> filed.openConsole(null));
        assertEquals(ErrorCode.INTERNAL_ERROR, notPty.code());
        assertEquals("internal error: character device serial0 is not using a PTY", notPty.getMessage());

        // flags are checked first, before the domain is even looked up (virCheckFlags)
        DriverConnection raw = driver.open(new ConnectRequest(URI.create("qemu:///system"), false));
        VirtException flags = assertThrows(VirtException.class,
            () -> raw.domainOpenConsole(new DomainRef("nosuch", java.util.UUID.randomUUID(), -1), null, 4));
        assertEquals(ErrorCode.INVALID_ARG, flags.code());
        assertEquals("unsupported flags (0x4) in function qemuDomainOpenConsole", flags.getMessage());
        raw.close();

        // read-only connections are refused by the API itself
        try (Connection ro = StandaloneConnector.create(null, driver).openReadOnly("qemu:///system")) {
            VirtException denied = assertThrows(VirtException.class, () -> ro.lookupByName("filed").openConsole(null));
            assertEquals(ErrorCode.OPERATION_DENIED, denied.code());
        }
    }
}
