package io.jvirt.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.NamedConnectionInfo;
import io.jvirt.api.NamedConnections;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * The fleet listing's threads: every host is asked on a thread of its own, at most
 * {@link FleetListing#MAX_THREADS} per listing, and the threads are kept for the next listing
 * (a listing of ten quick hosts used to start and end ten threads).
 */
class FleetListingThreadsTest {

    /** Every name is a test:///default connection of its own. */
    private static NamedConnections hosts() {
        return new NamedConnections() {
            @Override
            public List<NamedConnectionInfo> list() {
                return List.of();
            }

            @Override
            public Optional<NamedConnectionInfo> info(String name) {
                return Optional.empty();
            }

            @Override
            public Connection connection(String name) {
                return StandaloneConnector.create(null, new TestDriver()).open("test:///default");
            }
        };
    }

    private static List<String> names(int n) {
        List<String> h = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            h.add("h" + i);
        }
        return h;
    }

    @Test
    void hostsAreAskedInParallelAndTheNextListingRunsOnTheSameThreads() throws Exception {
        int n = 10;
        NamedConnections named = hosts();
        // every host's listing waits until all ten are in: they are asked at once, each on a thread
        CountDownLatch allIn = new CountDownLatch(n);
        Set<Thread> first = ConcurrentHashMap.newKeySet();
        Function<Connection, List<String[]>> rows = c -> {
            first.add(Thread.currentThread());
            allIn.countDown();
            try {
                assertTrue(allIn.await(30, TimeUnit.SECONDS), "not all hosts asked at once");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return FleetListing.domainRows(c, new io.jvirt.api.ListFilter[0], null);
        };
        List<FleetListing.HostRows> got = FleetListing.query(named, names(n), Duration.ofSeconds(60), rows);
        assertEquals(n, got.size());
        for (FleetListing.HostRows h : got) {
            assertEquals(null, h.error(), h.host());
            assertEquals(1, h.rows().size(), "test:///default's one domain");
        }
        assertEquals(n, first.size(), "a thread per host");

        // again once every listing thread there is (the hosts' and their state listings') waits for work (or is gone):
        // the same threads, none started, the results in the hosts' order
        Set<Thread> existing = new java.util.HashSet<>(first);
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("virt-list-")).forEach(existing::add);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!existing.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.TERMINATED)
            && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        Set<Thread> second = ConcurrentHashMap.newKeySet();
        List<FleetListing.HostRows> again = FleetListing.query(named, names(n), Duration.ofSeconds(60), c -> {
            second.add(Thread.currentThread());
            return List.<String[]>of(new String[] {"-", "x", "running"});
        });
        assertEquals(names(n), again.stream().map(FleetListing.HostRows::host).toList());
        assertTrue(existing.containsAll(second), "threads started for the second listing: " + second);
    }

    @Test
    void aHostThatDoesNotAnswerInTimeIsAnErrorRowAndItsThreadIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        NamedConnections named = new NamedConnections() {
            @Override
            public List<NamedConnectionInfo> list() {
                return List.of();
            }

            @Override
            public Optional<NamedConnectionInfo> info(String name) {
                return Optional.empty();
            }

            @Override
            public Connection connection(String name) {
                if (name.equals("hung")) {
                    try {
                        TimeUnit.SECONDS.sleep(60);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw new IllegalStateException(e);
                    }
                }
                return StandaloneConnector.create(null, new TestDriver()).open("test:///default");
            }
        };
        List<FleetListing.HostRows> got = FleetListing.query(named, List.of("quick", "hung"), Duration.ofSeconds(1),
            c -> FleetListing.domainRows(c, new io.jvirt.api.ListFilter[0], null));
        assertEquals(null, got.get(0).error());
        assertEquals(1, got.get(0).rows().size());
        assertEquals("no answer within 1 s", got.get(1).error());
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the hung host's thread is interrupted");
    }

    /**
     * A host's four listings (all, paused, shut off, other) are in flight together: over a network a
     * host costs one round trip's wait, not four. Each listing here waits until all four have been asked.
     */
    @Test
    void aHostsListingsAreAskedSideBySide() throws Exception {
        try (Connection real = StandaloneConnector.create(null, new TestDriver()).open("test:///default")) {
            CountDownLatch fourIn = new CountDownLatch(4);
            Connection c = (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listAllDomains")) {
                        fourIn.countDown();
                        if (!fourIn.await(10, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the listings were asked one after the other");
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
            List<String[]> rows = FleetListing.domainRows(c, new io.jvirt.api.ListFilter[0], null);
            assertEquals(1, rows.size());
            assertEquals(List.of("1", "test", "running"), List.of(rows.get(0)));
        }
    }

    @Test
    void aFailedStateListingFailsTheHostWithItsOwnError() throws Exception {
        try (Connection real = StandaloneConnector.create(null, new TestDriver()).open("test:///default")) {
            Connection c = (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listAllDomains") && args != null && args.length == 1
                        && List.of((Object[]) args[0]).contains(io.jvirt.api.ListFilter.PAUSED)) {
                        throw new io.jvirt.api.VirtException(io.jvirt.api.ErrorCode.RPC, io.jvirt.api.ErrorDomain.RPC, "no paused");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
            io.jvirt.api.VirtException e = org.junit.jupiter.api.Assertions.assertThrows(io.jvirt.api.VirtException.class,
                () -> FleetListing.domainRows(c, new io.jvirt.api.ListFilter[0], null));
            assertTrue(e.getMessage().contains("no paused"), e.getMessage());
        }
    }
}
