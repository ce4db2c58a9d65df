package io.jvirt.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.Registration;

class EventDeliveryTest {

    private static final int EVENTS_PER_DOMAIN = 2_000;
    private final ConnectorImpl connector = new ConnectorImpl();

    @AfterEach
    void stop() {
        connector.shutdown();
    }

    private static DomainEvent event(String name, int seq) {
        // the sequence number travels in the id field, which the core passes through untouched
        return new DomainEvent(name, UUID.nameUUIDFromBytes(name.getBytes()), seq, DomainEventType.DEFINED, 0);
    }

    @Test
    void eachDomainsEventsArriveInOrderOnAnEventThread() throws Exception {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info());
        Connection c = connector.open("fake:///");
        List<String> domains = List.of("a", "b", "c");
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch all = new CountDownLatch(domains.size() * EVENTS_PER_DOMAIN);
        c.addDomainEventListener((conn, dom, ev) -> {
            assertEquals(ev.name(), dom.name());
            seen.computeIfAbsent(ev.name(), k -> new ArrayList<>()).add(ev.id());
            threads.add(Thread.currentThread().getName());
            all.countDown();
        });

        // one publisher thread per domain, as drivers publish under each domain's job
        List<Thread> publishers = new ArrayList<>();
        for (String name : domains) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < EVENTS_PER_DOMAIN; i++) {
                    d.bus.publish(event(name, i));
                }
            }, "publisher-" + name);
            publishers.add(t);
            t.start();
        }
        for (Thread t : publishers) {
            t.join(10_000);
        }
        assertTrue(all.await(10, TimeUnit.SECONDS), "missing events: " + all.getCount());

        for (String name : domains) {
            List<Integer> got = seen.get(name);
            assertEquals(EVENTS_PER_DOMAIN, got.size());
            for (int i = 0; i < EVENTS_PER_DOMAIN; i++) {
                assertEquals(i, got.get(i), "event order of domain " + name);
            }
        }
        assertTrue(threads.stream().allMatch(n -> n.startsWith("jvirt-events-")), threads.toString());
    }

    @Test
    void listenerIsNotCalledOnThePublishingThreadAndAFailingListenerDoesNotStopDelivery() throws Exception {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info());
        Connection c = connector.open("fake:///");
        List<Integer> got = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        String[] thread = new String[1];
        c.addDomainEventListener((conn, dom, ev) -> {
            if (ev.id() == 1) {
                throw new IllegalStateException("listener bug");
            }
            synchronized (got) {
                got.add(ev.id());
                thread[0] = Thread.currentThread().getName();
            }
            done.countDown();
        });
        for (int i = 0; i < 4; i++) {
            d.bus.publish(event("vm", i));
        }
        assertTrue(done.await(5, TimeUnit.SECONDS));
        synchronized (got) {
            assertEquals(List.of(0, 2, 3), got);
            assertNotEquals(Thread.currentThread().getName(), thread[0]);
        }
    }

    @Test
    void perDomainListenerSeesOnlyItsDomainAndRegistrationsClose() throws Exception {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info());
        Connection c = connector.open("fake:///");
        // registered first, so it runs first for each event (listeners run in registration order)
        List<String> all = new ArrayList<>();
        Registration r = c.addDomainEventListener((conn, dom, ev) -> {
            synchronized (all) {
                all.add(ev.name() + ev.id());
            }
        });
        List<String> onlyB = new ArrayList<>();
        CountDownLatch twoB = new CountDownLatch(2);
        c.addDomainEventListener(c.lookupByName("b"), (conn, dom, ev) -> {
            synchronized (onlyB) {
                onlyB.add(ev.name() + ev.id());
            }
            twoB.countDown();
        });
        d.bus.publish(event("a", 0));
        d.bus.publish(event("b", 1));
        d.bus.publish(event("a", 2));
        d.bus.publish(event("b", 3));
        assertTrue(twoB.await(5, TimeUnit.SECONDS));
        synchronized (onlyB) {
            assertEquals(List.of("b1", "b3"), onlyB);
        }
        // delivery is serial per connection: once b3 reached one listener, a0..b3 reached the other
        synchronized (all) {
            assertEquals(List.of("a0", "b1", "a2", "b3"), all);
        }
        r.close();
        c.close();
        assertEquals(0, d.bus.subscriberCount(), "closing the connection ends its subscription");
    }

    @Test
    void eventAdminBridgePostsEveryEventWithItsProperties() throws Exception {
        List<org.osgi.service.event.Event> posted = new ArrayList<>();
        org.osgi.service.event.EventAdmin admin = new org.osgi.service.event.EventAdmin() {
            @Override
            public void postEvent(org.osgi.service.event.Event event) {
                synchronized (posted) {
                    posted.add(event);
                }
            }

            @Override
            public void sendEvent(org.osgi.service.event.Event event) {
                throw new AssertionError("the bridge must not wait for handlers");
            }
        };
        EventAdminBridge bridge = new EventAdminBridge(admin);
        UUID uuid = UUID.randomUUID();
        try {
            // no connection is open: the bridge still sees the host's events
            new io.jvirt.core.spi.DomainEventBus("test:///default")
                .publish(new DomainEvent("vm1", uuid, 3, DomainEventType.STOPPED, DomainEvent.STOPPED_DESTROYED));
            new io.jvirt.core.spi.DomainEventBus()
                .publish(new DomainEvent("vm2", uuid, -1, DomainEventType.UNDEFINED, 0));
        } finally {
            bridge.deactivate();
        }
        new io.jvirt.core.spi.DomainEventBus("x:///").publish(event("after", 0));

        synchronized (posted) {
            assertEquals(2, posted.size(), "nothing is posted once the bridge is deactivated");
            org.osgi.service.event.Event e = posted.get(0);
            assertEquals("io/jvirt/domain/STOPPED", e.getTopic());
            Map<String, Object> props = new HashMap<>();
            for (String k : e.getPropertyNames()) {
                props.put(k, e.getProperty(k));
            }
            assertEquals("test:///default", props.get("uri"));
            assertEquals("vm1", props.get("name"));
            assertEquals(uuid.toString(), props.get("uuid"));
            assertEquals("STOPPED", props.get("event"));
            assertEquals(1, props.get("detail"));
            assertEquals("Destroyed", props.get("detail.label"));
            assertEquals(3, props.get("id"));
            assertEquals("io/jvirt/domain/UNDEFINED", posted.get(1).getTopic());
            assertEquals("", posted.get(1).getProperty("uri"));
        }
    }
}
