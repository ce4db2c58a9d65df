package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.core.kit.rpc.CallCountingRelay;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * The calls driver-remote makes per operation, counted by a relay in front of a real libvirtd 9.0
 * (its test driver), against what libvirt's own remote driver makes for the same API calls (bench's
 * scenario 7 counts both): no round trip that libvirt's client does not make.
 */
class RemoteRoundTripsTest {

    private static PrivateLibvirtd libvirtd;
    private static CallCountingRelay relay;
    private static Connector connector;
    /** The connector's first connection to the host, which follows its events for the driver's observers: not counted. */
    private static Connection follower;

    @BeforeAll
    static void start() throws Exception {
        libvirtd = PrivateLibvirtd.start();
        relay = CallCountingRelay.start(libvirtd.socket().resolveSibling("counted-sock"), libvirtd.socket());
        connector = StandaloneConnector.create(null, new RemoteDriver());
        follower = connector.open(relay.testUri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (follower != null) {
            follower.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    /**
     * libvirt's client opens with AUTH_LIST, the keepalive feature, CONNECT_OPEN and the two callback
     * features, and closes with CONNECT_CLOSE alone (doRemoteClose): the close callback is registered
     * on the server only when the application registers one, and a closing client's callbacks are
     * dropped by the server.
     */
    @Test
    void openAndCloseMakeTheCallsOfLibvirtsClient() throws Exception {
        relay.take();
        connector.open(relay.testUri()).close();
        assertEquals(List.of("AUTH_LIST", "CONNECT_SUPPORTS_FEATURE", "CONNECT_OPEN", "CONNECT_SUPPORTS_FEATURE",
            "CONNECT_SUPPORTS_FEATURE", "CONNECT_CLOSE"), relay.take());

        // a close listener registers the server's close callback, which ends with the connection
        try (Connection c = connector.open(relay.testUri())) {
            relay.take();
            c.addCloseListener((conn, reason) -> { });
            c.addCloseListener((conn, reason) -> { });
            assertEquals(List.of("CONNECT_REGISTER_CLOSE_CALLBACK"), relay.take());
        }
        assertEquals(List.of("CONNECT_CLOSE"), relay.take());
    }

    /**
     * An open + close starts no thread: over a UNIX socket the caller reads its own replies and one
     * selector thread shared by every client watches idle connections (libvirt's client: its event
     * loop). Before: the client's reader thread at every open (and, before that, its event thread at
     * every close too).
     */
    @Test
    void anOpenAndCloseStartsNoThread() throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        connector.open(libvirtd.testUri()).close();
        int n = 40;
        long before = threads.getTotalStartedThreadCount();
        for (int i = 0; i < n; i++) {
            connector.open(libvirtd.testUri()).close();
        }
        long started = threads.getTotalStartedThreadCount() - before;
        // a few of the JVM's or the connector's own at most (before: one per open)
        assertTrue(started <= 10, started + " threads started by " + n + " opens and closes");
    }

    /** A close listener still hears of the daemon's end through the socket (nothing registered on the server for that). */
    @Test
    void aCloseListenerHearsOfTheServersEnd() throws Exception {
        try (PrivateLibvirtd other = PrivateLibvirtd.start(); Connection c = connector.open(other.testUri())) {
            CountDownLatch told = new CountDownLatch(1);
            c.addCloseListener((conn, reason) -> told.countDown());
            other.stop();
            assertTrue(told.await(60, TimeUnit.SECONDS), "the close listener was told");
        }
    }

    /**
     * virsh list's id column: libvirt reads each domain's id from the listing (virDomainGetID is no
     * call); driver-remote did a DOMAIN_LOOKUP_BY_UUID per domain. The id still follows what this
     * connection does to the domain (create, destroy: asked again), as libvirt's handles do.
     */
    @Test
    void idsComeFromTheListingAndFollowThisConnectionsLifecycleCalls() throws Exception {
        try (Connection c = connector.open(relay.testUri())) {
            List<Domain> made = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Domain d = c.defineXml(RemoteLibvirtdTest.xml("rt-" + i + "-" + UUID.randomUUID().toString().substring(0, 8), UUID.randomUUID()));
                made.add(d);
                if (i % 2 == 0) {
                    d.create();
                }
            }
            relay.take();
            List<Domain> listed = c.listAllDomains();
            List<Integer> ids = new ArrayList<>();
            for (Domain d : listed) {
                ids.add(d.id());
            }
            assertEquals(List.of("CONNECT_LIST_ALL_DOMAINS"), relay.take(), "the ids of " + listed.size() + " domains");
            for (Domain d : made) {
                assertEquals(made.indexOf(d) % 2 == 0, ids.get(listed.indexOf(d)) > 0, d + " " + ids);
            }

            Domain off = made.get(1);
            assertEquals(-1, off.id());
            off.create();
            int id = off.id();
            assertTrue(id > 0, "started through this connection: " + id);
            assertEquals(id, c.lookupByName(off.name()).id());
            off.destroy();
            assertEquals(-1, off.id());
            for (Domain d : made) {
                if (d.isActive()) {
                    d.destroy();
                }
                d.undefine();
            }
        }
    }
}
