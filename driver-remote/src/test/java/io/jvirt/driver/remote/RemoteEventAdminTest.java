package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.Network;
import io.jvirt.api.StoragePool;
import io.jvirt.core.internal.EventAdminBridge;
import io.jvirt.core.internal.NetworkEventAdminBridge;
import io.jvirt.core.internal.StorageEventAdminBridge;
import io.jvirt.core.runtime.ConnectorImpl;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * libvirtd's events reach OSGi EventAdmin through the core's bridges, as local drivers' do: the
 * remote driver follows each host with an open connection (one connection per host, so that two
 * connections to one libvirtd post each event once, and the next takes over when the first
 * closes). Against a real libvirtd 9.0's test driver; the events are caused through another
 * connection.
 */
class RemoteEventAdminTest {

    private static PrivateLibvirtd libvirtd;
    private static ConnectorImpl connector;
    private static RemoteDriver driver;
    private static final List<Event> POSTED = new ArrayList<>();
    private static final List<AutoCloseable> BRIDGES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        libvirtd = PrivateLibvirtd.start();
        driver = new RemoteDriver();
        connector = (ConnectorImpl) StandaloneConnector.create(null, driver);
        EventAdmin admin = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                synchronized (POSTED) {
                    POSTED.add(event);
                    POSTED.notifyAll();
                }
            }

            @Override
            public void sendEvent(Event event) {
                throw new AssertionError("the bridges post");
            }
        };
        EventAdminBridge d = new EventAdminBridge(admin, connector);
        NetworkEventAdminBridge n = new NetworkEventAdminBridge(admin, connector);
        StorageEventAdminBridge s = new StorageEventAdminBridge(admin, connector);
        BRIDGES.add(d::deactivate);
        BRIDGES.add(n::deactivate);
        BRIDGES.add(s::deactivate);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable b : BRIDGES) {
            b.close();
        }
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    private static Predicate<Event> event(String topic, String name) {
        return e -> e.getTopic().equals(topic) && name.equals(e.getProperty("name"));
    }

    /** Waits (at most 30 s, then fails) until an event matching {@code p} was posted. */
    private static void await(Predicate<Event> p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (POSTED) {
            while (POSTED.stream().noneMatch(p)) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no such event posted; posted: " + topics());
                }
                POSTED.wait(left);
            }
        }
    }

    private static long count(Predicate<Event> p) {
        synchronized (POSTED) {
            return POSTED.stream().filter(p).count();
        }
    }

    private static List<String> topics() {
        synchronized (POSTED) {
            return POSTED.stream().map(e -> e.getTopic() + " " + e.getProperty("name")).toList();
        }
    }

    private static void lifecycle(Connection c, String name) {
        Domain d = c.defineXml(RemoteLibvirtdTest.xml(name, UUID.randomUUID()));
        d.create();
        d.destroy();
        d.undefine();
    }

    @Test
    void libvirtdsEventsArePostedOnceAndFollowedOnAfterTheFollowingConnectionCloses() throws Exception {
        String uri = libvirtd.testUri();
        try (Connection actor = connector.open(uri)) {
            Connection watcher = connector.open(uri);
            driver.settleHostEvents();
            lifecycle(actor, "ea-one");
            await(event("io/jvirt/domain/UNDEFINED", "ea-one"));
            // a later event on the same host: the earlier ones of every follower came before it on its socket
            lifecycle(actor, "ea-two");
            await(event("io/jvirt/domain/UNDEFINED", "ea-two"));
            assertEquals(1, count(event("io/jvirt/domain/STARTED", "ea-one")), "two open connections, one posting: " + topics());
            assertEquals(1, count(event("io/jvirt/domain/STOPPED", "ea-one")));
            assertEquals(uri, POSTED.stream().filter(event("io/jvirt/domain/STARTED", "ea-one")).findFirst().orElseThrow()
                .getProperty("uri"));
            watcher.close();
            actor.close();
        }
        // the first connection (the one following the host) closes: the other follows it from now on
        try (Connection first = connector.open(uri); Connection second = connector.open(uri)) {
            driver.settleHostEvents();
            first.close();
            driver.settleHostEvents();
            lifecycle(second, "ea-three");
            await(event("io/jvirt/domain/UNDEFINED", "ea-three"));

            Network n = second.defineNetworkXml("<network><name>ea-net</name><bridge name='virbr52'/></network>");
            n.create();
            n.destroy();
            n.undefine();
            await(event("io/jvirt/network/UNDEFINED", "ea-net"));
            assertEquals(1, count(event("io/jvirt/network/STARTED", "ea-net")));

            StoragePool p = second.defineStoragePoolXml("<pool type='dir'><name>ea-pool</name><target><path>/ea-pool</path>"
                + "</target></pool>");
            p.create();
            p.destroy();
            p.undefine();
            await(event("io/jvirt/storagepool/UNDEFINED", "ea-pool"));
            assertEquals(1, count(event("io/jvirt/storagepool/STARTED", "ea-pool")));
        }
    }
}
