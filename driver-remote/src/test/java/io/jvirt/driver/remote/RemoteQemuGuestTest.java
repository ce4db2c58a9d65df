package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ConsoleFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Registration;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.ConsoleScreen;
import io.jvirt.api.testing.Poll;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.api.testing.TinyGuest;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * A real TCG QEMU guest through libvirtd 9.0's QEMU driver (qemu+unix:///system of a private
 * daemon running as root in its own mount namespace): define, start, suspend, resume, destroy,
 * undefine, with libvirtd's lifecycle events. The guest has no disk: SeaBIOS finds nothing to boot
 * and idles, which is all a lifecycle needs. The console test boots driver-qemu's tiny guest, whose
 * serial port is a pty of libvirtd's, and talks to it through the remote driver's console stream.
 */
class RemoteQemuGuestTest {

    private static PrivateLibvirtd libvirtd;
    private static Connector connector;

    @BeforeAll
    static void start() throws Exception {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64")), "qemu-system-x86 is not installed");
        libvirtd = PrivateLibvirtd.start(null, "qemu");
        connector = StandaloneConnector.create(null, new RemoteDriver());
    }

    @AfterAll
    static void stop() throws Exception {
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    @Test
    void aTcgGuestGoesThroughItsLifecycleThroughLibvirtd() throws Exception {
        UUID uuid = UUID.randomUUID();
        String xml = "<domain type='qemu'><name>remote-tcg</name><uuid>" + uuid + "</uuid>"
            + "<memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
            + "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>";
        try (Connection c = connector.open(libvirtd.qemuUri())) {
            assertEquals("QEMU", c.type());
            BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
            try (Registration r = c.addDomainEventListener((conn, d, e) -> {
                if (e.name().equals("remote-tcg")) {
                    events.add(e);
                }
            })) {
                Domain d = c.defineXml(xml);
                try {
                    d.create();
                    assertEquals(DomainState.RUNNING, d.info().state());
                    assertTrue(d.id() > 0);
                    d.suspend();
                    assertEquals(DomainState.PAUSED, d.info().state());
                    d.resume();
                    assertEquals(DomainState.RUNNING, d.info().state());
                    assertTrue(d.xmlDesc().contains("<name>remote-tcg</name>"));
                    d.destroy();
                    assertFalse(d.isActive());
                } finally {
                    if (d.isActive()) {
                        d.destroy();
                    }
                    d.undefine();
                }
                List<DomainEventType> seen = new ArrayList<>();
                while (!seen.contains(DomainEventType.UNDEFINED)) {
                    DomainEvent e = events.poll(60, TimeUnit.SECONDS);
                    assertNotNull(e, "libvirtd's next event; had " + seen);
                    seen.add(e.type());
                }
                // in this order; libvirtd may add others between them (a RESUMED as the vCPUs start)
                List<DomainEventType> expected = List.of(DomainEventType.DEFINED, DomainEventType.STARTED,
                    DomainEventType.SUSPENDED, DomainEventType.RESUMED, DomainEventType.STOPPED, DomainEventType.UNDEFINED);
                int at = 0;
                for (DomainEventType t : seen) {
                    if (at < expected.size() && expected.get(at) == t) {
                        at++;
                    }
                }
                assertEquals(expected.size(), at, "libvirtd's QEMU events in order " + expected + "; had " + seen);
            }
        }
    }

    /** virDomainOpenConsole over libvirt's protocol: libvirtd's refusals reach the caller in its words. */
    @Test
    void libvirtdsConsoleRefusalsComeThroughInItsWords() {
        String xml = "<domain type='qemu'><name>remote-nocons</name>"
            + "<memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='pc'>hvm</type></os>"
            + "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>";
        try (Connection c = connector.open(libvirtd.qemuUri())) {
            Domain d = c.defineXml(xml);
            try {
                VirtException notRunning = assertThrows(VirtException.class, () -> d.openConsole(null));
                assertEquals(ErrorCode.OPERATION_INVALID, notRunning.code());
                assertEquals(ErrorDomain.DOMAIN, notRunning.errorDomain()); // virDomainObjCheckActive's
                assertEquals("Requested operation is not valid: domain is not running", notRunning.getMessage());
                d.create();
                VirtException none = assertThrows(VirtException.class, () -> d.openConsole(null));
                assertEquals(ErrorCode.INTERNAL_ERROR, none.code());
                assertEquals("internal error: cannot find character device <null>", none.getMessage());
                VirtException named = assertThrows(VirtException.class, () -> d.openConsole("serial0", ConsoleFlag.FORCE));
                assertEquals("internal error: cannot find character device serial0", named.getMessage());
                // the flags go to the far side as they are: libvirtd's virCheckFlags answers
                io.jvirt.core.spi.DriverConnection raw = new RemoteDriver().open(
                    new io.jvirt.core.spi.ConnectRequest(java.net.URI.create(libvirtd.qemuUri()), false));
                try {
                    VirtException flags = assertThrows(VirtException.class, () -> raw.domainOpenConsole(raw.lookupByName("remote-nocons"),
                        null, 4));
                    assertEquals(ErrorCode.INVALID_ARG, flags.code());
                    assertEquals("unsupported flags (0x4) in function qemuDomainOpenConsole", flags.getMessage());
                } finally {
                    raw.close();
                }
            } finally {
                if (d.isActive()) {
                    d.destroy();
                }
                d.undefine();
            }
        }
    }

    /**
     * The tiny guest's serial pty through libvirtd and the remote driver's console stream: typed
     * lines answered, a second session refused in libvirt's words, FORCE takes it over (the first
     * ends), a closed session frees the device, the domain stopping ends the console.
     */
    @Test
    void theGuestsSerialConsoleThroughLibvirtd() throws Exception {
        TinyGuest guest = TinyGuest.build(Path.of("target/tiny-guest"));
        String xml = guest.ptyXml("remote-cons").replace("<devices>",
            "<devices><emulator>/usr/bin/qemu-system-x86_64</emulator>");
        try (Connection c = connector.open(libvirtd.qemuUri())) {
            Domain d = c.defineXml(xml);
            try {
                d.create();
                try (ConsoleScreen first = new ConsoleScreen(d.openConsole(null, ConsoleFlag.SAFE))) {
                    first.converse("hello");
                    for (ConsoleFlag[] flags : new ConsoleFlag[][] {{}, {ConsoleFlag.SAFE}}) {
                        VirtException busy = assertThrows(VirtException.class, () -> d.openConsole(null, flags));
                        assertEquals(ErrorCode.OPERATION_FAILED, busy.code());
                        assertEquals(ErrorDomain.QEMU, busy.errorDomain());
                        assertEquals("operation failed: Active console session exists for this domain", busy.getMessage());
                    }
                    assertTrue(c.isAlive(), "a refused console leaves the connection up");
                    try (ConsoleScreen second = new ConsoleScreen(d.openConsole("serial0", ConsoleFlag.FORCE))) {
                        Poll.until("the first session to end", Duration.ofSeconds(30), first::ended, first::toString);
                        System.out.println("the first session after FORCE ended with: "
                            + (first.failure() == null ? "the end of the console" : first.failure().getMessage()));
                        second.converse("again");
                        assertFalse(first.shows("GOT again"), first.toString());
                    }
                    // the second one closed: the device is free again without FORCE
                    try (ConsoleScreen third = new ConsoleScreen(d.openConsole(null))) {
                        third.converse("third");
                        d.destroy();
                        Poll.until("the console to end with the domain", Duration.ofSeconds(30), third::ended, third::toString);
                    }
                }
                assertTrue(c.isAlive());
            } finally {
                if (d.isActive()) {
                    d.destroy();
                }
                d.undefine();
            }
        }
    }
}
