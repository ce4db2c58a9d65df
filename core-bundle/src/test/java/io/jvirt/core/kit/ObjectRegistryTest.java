package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The kit's registry, jobs and event bus serve objects other than domains: here a network as a
 * network driver would keep it (libvirt's virNetworkObjList has the same name and UUID rules and
 * words as its domain list), with no domain type involved.
 */
class ObjectRegistryTest {

    /** A network as a network driver would keep it: a name that may change, and its own state. */
    static final class Net extends KitObject {
        volatile String name;
        volatile boolean active;

        Net(String name, UUID uuid) {
            super(uuid);
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }
    }

    record NetEvent(String network, String what) {
    }

    private final ObjectRegistry<Net> nets = new ObjectRegistry<>(ObjectRegistry.Kind.NETWORK, 200);

    @Test
    void namesAndUuidsAreUniqueInTheNetworksWords() {
        UUID u = UUID.randomUUID();
        ObjectRegistry.Placed<Net> p = nets.placeObject("default", u, () -> new Net("default", u));
        assertTrue(p.added());
        assertFalse(nets.placeObject("default", u, () -> new Net("default", u)).added());
        VirtException e = assertThrows(VirtException.class,
            () -> nets.placeObject("other", u, () -> new Net("other", u)));
        assertEquals(ErrorCode.OPERATION_FAILED, e.code());
        assertEquals(ErrorDomain.NETWORK, e.errorDomain());
        assertTrue(e.getMessage().contains("network 'default' is already defined with uuid " + u), e.getMessage());
        e = assertThrows(VirtException.class, () -> nets.getByName("nope"));
        assertEquals(ErrorCode.NO_NETWORK, e.code());
        assertTrue(e.getMessage().endsWith("no network with matching name 'nope'"), e.getMessage());
        assertSame(p.object(), nets.getByUuid(u));
    }

    @Test
    void aFailedPlacementInItsJobLeavesNothingAndAWaitingCallerPlacesAgain() throws Exception {
        UUID u = UUID.randomUUID();
        CountDownLatch inJob = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> failing = pool.submit(() -> nets.placeObjectInJob("br", u, () -> new Net("br", u), "virNetworkDefineXML",
                (n, added) -> {
                    inJob.countDown();
                    await(release);
                    throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK, "cannot write the config");
                }));
            assertTrue(inJob.await(10, TimeUnit.SECONDS));
            Future<Boolean> waiting = pool.submit(() -> nets.placeObjectInJob("br", u, () -> new Net("br", u),
                "virNetworkDefineXML", (n, added) -> added));
            release.countDown();
            assertThrows(Exception.class, failing::get);
            assertTrue(waiting.get(10, TimeUnit.SECONDS), "the waiting define added the network anew");
            assertEquals(1, nets.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void jobsAreOneAtATimeBoundedAndNotNested() throws Exception {
        UUID u = UUID.randomUUID();
        Net n = nets.placeObject("lan", u, () -> new Net("lan", u)).object();
        VirtException nested = assertThrows(VirtException.class,
            () -> nets.run(n, "virNetworkCreate", x -> nets.run(x, "virNetworkDestroy", y -> { })));
        assertEquals(ErrorCode.INTERNAL_ERROR, nested.code());
        assertTrue(nested.getMessage().contains("nested job virNetworkDestroy of network 'lan'"), nested.getMessage());
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> nets.run(n, "virNetworkCreate", x -> {
            held.countDown();
            await(release);
        }));
        holder.start();
        try {
            assertTrue(held.await(10, TimeUnit.SECONDS));
            VirtException busy = assertThrows(VirtException.class, () -> nets.run(n, "virNetworkDestroy", x -> { }));
            assertEquals(ErrorCode.OPERATION_TIMEOUT, busy.code());
            assertTrue(busy.getMessage().contains("held by virNetworkCreate"), busy.getMessage());
        } finally {
            release.countDown();
            holder.join(10_000);
        }
        nets.remove(n);
        assertNull(nets.findByName("lan"));
        VirtException gone = assertThrows(VirtException.class, () -> nets.run(n, "virNetworkCreate", x -> { }));
        assertEquals(ErrorCode.NO_NETWORK, gone.code());
    }

    @Test
    void anEventBusCarriesNetworkEventsToSubscribersThenTheObserver() throws Exception {
        List<String> seen = new ArrayList<>();
        ObjectEventBus<NetEvent> bus = new ObjectEventBus<>("network:///system", (uri, e) -> seen.add(uri + " " + e.what()));
        try (AutoCloseable sub = bus.subscribe(e -> seen.add("sub " + e.what()))) {
            bus.subscribe(e -> {
                throw new IllegalStateException("a failing subscriber does not stop the others");
            });
            bus.publish(new NetEvent("default", "started"));
        }
        bus.publish(new NetEvent("default", "stopped"));
        assertEquals(List.of("sub started", "network:///system started", "network:///system stopped"), seen);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
