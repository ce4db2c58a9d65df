package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.CloseListener;
import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.ListFilter;
import io.jvirt.api.Registration;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * jvirt's remote driver against a real libvirtd 9.0 (its test driver, test:///default, through a
 * private daemon the test starts): the set-up, the domain lifecycle, libvirtd's errors and events,
 * over the UNIX socket and over TCP.
 */
class RemoteLibvirtdTest {

    private static PrivateLibvirtd libvirtd;
    private static Connector connector;
    private static RemoteDriver driver;

    @BeforeAll
    static void start() throws Exception {
        libvirtd = PrivateLibvirtd.start();
        driver = new RemoteDriver();
        connector = StandaloneConnector.create(null, driver);
    }

    @AfterAll
    static void stop() throws Exception {
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    static String xml(String name, UUID uuid) {
        return "<domain type='test'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
            + "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>";
    }

    @Test
    void listsLibvirtdsTestDriverOverTheUnixSocket() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            assertEquals("TEST", c.type());
            assertEquals(libvirtd.testUri(), c.uri());
            Domain test = c.lookupByName("test");
            assertEquals(1, test.id());
            assertEquals(DomainState.RUNNING, test.info().state());
            assertTrue(c.listAllDomains(ListFilter.ACTIVE).stream().anyMatch(d -> d.name().equals("test")));
            assertTrue(c.isAlive());
            assertTrue(c.isSecure(), "a UNIX socket to a daemon that says it is secure");
            assertFalse(c.isEncrypted());
            assertTrue(c.capabilities().contains("<capabilities>"));
            assertEquals(16, c.nodeInfo().cpus(), "libvirt's test driver's node: 16 CPUs");
        }
    }

    @Test
    void listsOverTcp() {
        try (Connection c = connector.open("test+tcp://127.0.0.1:" + libvirtd.tcpPort() + "/default")) {
            assertTrue(c.listAllDomains().stream().anyMatch(d -> d.name().equals("test")));
            assertFalse(c.isSecure(), "plain TCP is not secure");
        }
    }

    @Test
    void definesStartsSuspendsResumesDestroysUndefinesAndSeesTheEvents() throws InterruptedException {
        String name = "remote-" + UUID.randomUUID().toString().substring(0, 8);
        UUID uuid = UUID.randomUUID();
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        try (Connection c = connector.open(libvirtd.testUri())) {
            Registration r = c.addDomainEventListener((conn, dom, e) -> {
                if (e.uuid().equals(uuid)) {
                    events.add(e);
                }
            });
            Domain d = c.defineXml(xml(name, uuid));
            assertEquals(uuid, d.uuid());
            assertEquals(-1, d.id());
            assertTrue(c.listAllDomains(ListFilter.INACTIVE).stream().anyMatch(x -> x.uuid().equals(uuid)));
            d.create();
            assertTrue(d.id() > 0, "a started domain has an id");
            assertEquals(DomainState.RUNNING, d.state().state());
            d.suspend();
            assertEquals(DomainState.PAUSED, d.info().state());
            d.resume();
            assertEquals(DomainState.RUNNING, d.state().state());
            d.setAutostart(true);
            assertTrue(d.autostart());
            assertTrue(d.xmlDesc().contains("<name>" + name + "</name>"));
            d.destroy();
            assertEquals(DomainState.SHUTOFF, d.state().state());
            d.undefine();
            VirtException gone = assertThrows(VirtException.class, () -> c.lookupByUuid(uuid));
            assertEquals(ErrorCode.NO_DOMAIN, gone.code());

            List<DomainEventType> seen = new java.util.ArrayList<>();
            for (DomainEventType expected : List.of(DomainEventType.DEFINED, DomainEventType.STARTED,
                DomainEventType.SUSPENDED, DomainEventType.RESUMED, DomainEventType.STOPPED, DomainEventType.UNDEFINED)) {
                DomainEvent e = events.poll(30, TimeUnit.SECONDS);
                assertTrue(e != null, "no " + expected + " event from libvirtd; seen " + seen);
                seen.add(e.type());
                assertEquals(expected, e.type(), "events so far " + seen);
                assertEquals(name, e.name());
            }
            r.close();
        }
    }

    @Test
    void libvirtdsErrorsArriveWithTheirCodeDomainAndMessage() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            VirtException e = assertThrows(VirtException.class, () -> c.lookupByName("nosuch"));
            assertEquals(ErrorCode.NO_DOMAIN, e.code());
            assertEquals(ErrorDomain.TEST, e.errorDomain());
            // libvirt 9.0's test driver reports no detail (testDomainLookupByName: virReportError(VIR_ERR_NO_DOMAIN, NULL))
            assertEquals("Domain not found", e.getMessage());
            Domain test = c.lookupByName("test");
            VirtException again = assertThrows(VirtException.class, test::create);
            // libvirt 9.0's testDomainCreateWithFlags: VIR_ERR_INTERNAL_ERROR "Domain '%s' is already running"
            assertEquals(ErrorCode.INTERNAL_ERROR, again.code());
            assertEquals(ErrorDomain.TEST, again.errorDomain());
            assertEquals("internal error: Domain 'test' is already running", again.getMessage());
        }
    }

    @Test
    void aMissingSocketFailsAsLibvirtsClient() {
        VirtException e = assertThrows(VirtException.class,
            () -> connector.open("test+unix:///default?socket=" + libvirtd.socket() + ".nosuch"));
        assertEquals(ErrorCode.SYSTEM_ERROR, e.code());
        assertEquals(ErrorDomain.RPC, e.errorDomain());
        assertEquals("Failed to connect socket to '" + libvirtd.socket() + ".nosuch': No such file or directory", e.getMessage());
    }

    @Test
    void aReadOnlyConnectionThroughTheReadOnlySocketReadsButCannotChange() {
        try (Connection c = connector.openReadOnly("test+unix:///default?socket=" + libvirtd.readOnlySocket())) {
            assertTrue(c.listAllDomains().stream().anyMatch(d -> d.name().equals("test")));
            assertThrows(VirtException.class, () -> c.defineXml(xml("ro-" + UUID.randomUUID(), UUID.randomUUID())));
        }
    }

    @Test
    void aDroppedConnectionFailsCallsWithClientSocketIsClosedAndTellsTheCloseListener() throws Exception {
        try (PrivateLibvirtd own = PrivateLibvirtd.start()) {
            BlockingQueue<CloseListener.Reason> reasons = new LinkedBlockingQueue<>();
            Connection c = connector.open(own.testUri());
            try {
                c.addCloseListener((conn, reason) -> reasons.add(reason));
                assertTrue(c.isAlive());
                // the host's event registration goes out after the open: a write cut by the stop
                // would be libvirt's ERROR reason (a broken pipe), not the EOF this test is about
                driver.settleHostEvents();
                own.stop();
                CloseListener.Reason reason = reasons.poll(30, TimeUnit.SECONDS);
                assertEquals(CloseListener.Reason.EOF, reason, "libvirtd's end reported as EOF");
                assertFalse(c.isAlive());
                VirtException e = assertThrows(VirtException.class, () -> c.lookupByName("test"));
                assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
                assertEquals(ErrorDomain.RPC, e.errorDomain());
                assertEquals("internal error: client socket is closed", e.getMessage());
            } finally {
                c.close();
            }
        }
    }
}
