package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.CloseListener;
import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;
import io.jvirt.server.RemoteServer;
import io.jvirt.server.ServerSettings;

/** jvirt managing jvirt: the remote driver against server-bundle's RemoteServer on jvirt's test driver. */
class RemoteJvirtServerTest {

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Path socket;
    private Connector connector;

    @BeforeEach
    void start() throws IOException {
        socket = tmp.resolve("libvirt-sock");
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()), ServerSettings.defaults(socket));
        connector = StandaloneConnector.create(null, new RemoteDriver());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String uri() {
        return "test+unix:///default?socket=" + socket;
    }

    @Test
    void drivesADomainThroughItsLifecycleAndReceivesTheEvents() throws InterruptedException {
        UUID uuid = UUID.randomUUID();
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        try (Connection c = connector.open(uri())) {
            assertEquals("TEST", c.type());
            assertTrue(c.listAllDomains().stream().anyMatch(d -> d.name().equals("test")));
            c.addDomainEventListener((conn, dom, e) -> {
                if (e.uuid().equals(uuid)) {
                    events.add(e);
                }
            });
            Domain d = c.defineXml(RemoteLibvirtdTest.xml("viajvirt", uuid));
            d.create();
            assertEquals(DomainState.RUNNING, d.state().state());
            d.suspend();
            d.resume();
            d.destroy();
            d.undefine();
            assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> c.lookupByUuid(uuid)).code());
            for (DomainEventType expected : List.of(DomainEventType.DEFINED, DomainEventType.STARTED,
                DomainEventType.SUSPENDED, DomainEventType.RESUMED, DomainEventType.STOPPED, DomainEventType.UNDEFINED)) {
                DomainEvent e = events.poll(30, TimeUnit.SECONDS);
                assertTrue(e != null, "no " + expected + " event from jvirt's server");
                assertEquals(expected, e.type());
            }
        }
    }

    @Test
    void aServerThatStopsClosesTheConnection() throws InterruptedException {
        BlockingQueue<CloseListener.Reason> reasons = new LinkedBlockingQueue<>();
        Connection c = connector.open(uri());
        try {
            c.addCloseListener((conn, reason) -> reasons.add(reason));
            server.close();
            server = null;
            assertEquals(CloseListener.Reason.EOF, reasons.poll(30, TimeUnit.SECONDS));
            assertFalse(c.isAlive());
            VirtException e = assertThrows(VirtException.class, c::numOfDomains);
            assertEquals("internal error: client socket is closed", e.getMessage());
        } finally {
            c.close();
        }
    }
}
