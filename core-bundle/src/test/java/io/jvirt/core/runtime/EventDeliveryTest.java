package io.jvirt.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    void theCoreObservesEveryEventOfItsOwnDriversOnly() throws Exception {
        // two cores in one JVM: each sees its own drivers' events, never the other's
        FakeDriver d1 = FakeDriver.accepting("one");
        FakeDriver d2 = FakeDriver.accepting("two");
        ConnectorImpl core1 = new ConnectorImpl();
        ConnectorImpl core2 = new ConnectorImpl();
        core1.addDriver(d1, d1.info("fake"));
        core2.addDriver(d2, d2.info("fake"));
        List<String> seen1 = new CopyOnWriteArrayList<>();
        List<String> seen2 = new CopyOnWriteArrayList<>();
        AutoCloseable o1 = core1.addDomainEventObserver((uri, e) -> seen1.add(uri + " " + e.name()));
        core2.addDomainEventObserver((uri, e) -> seen2.add(uri + " " + e.name()));
        // no connection is open: the core still sees the host's events
        d1.bus.publish(event("a", 0));
        d2.bus.publish(event("b", 0));
        assertEquals(List.of("fake:///host a"), seen1);
        assertEquals(List.of("fake:///host b"), seen2);
        o1.close();
        d1.bus.publish(event("c", 0));
        assertEquals(List.of("fake:///host a"), seen1, "a closed observer sees nothing more");
        core2.removeDriver(d2);
        d2.bus.publish(event("d", 0));
        assertEquals(List.of("fake:///host b"), seen2, "a removed driver is no longer observed");
        assertEquals(0, d2.observers.size());
        core1.shutdown();
        core2.shutdown();
    }
}
