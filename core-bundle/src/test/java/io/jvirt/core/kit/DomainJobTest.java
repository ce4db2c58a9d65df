package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

class DomainJobTest {

    /** Deliberately unsynchronized: only the job keeps its updates from getting lost. */
    static final class Counter {
        long value;
        int inside;
        int maxInside;
    }

    @Test
    void jobsSerializeEachDomainUnderManyThreadsWithoutDeadlock() throws Exception {
        int threads = 16;
        int opsPerThread = 1_000;
        int domains = 8;
        DomainRegistry<Counter> reg = new DomainRegistry<>();
        List<DomainObject<Counter>> doms = new ArrayList<>();
        for (int i = 0; i < domains; i++) {
            doms.add(reg.addOrFind(DomainRegistryTest.def("vm" + i), true, Counter::new));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong expected = new java.util.concurrent.atomic.AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < opsPerThread; i++) {
                    int i1 = (seed + i) % domains;
                    int i2 = (seed * 3 + i * 7 + 1) % domains;
                    if (i1 == i2) {
                        reg.run(doms.get(i1), "op", DomainJobTest::bump);
                        expected.incrementAndGet();
                    } else {
                        // nested jobs on two domains, always in index order: the rule that keeps
                        // drivers free of deadlocks
                        DomainObject<Counter> lo = doms.get(Math.min(i1, i2));
                        DomainObject<Counter> hi = doms.get(Math.max(i1, i2));
                        reg.run(lo, "op", d -> {
                            bump(d);
                            reg.run(hi, "op2", DomainJobTest::bump);
                        });
                        expected.addAndGet(2);
                    }
                }
                return null;
            }));
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "jobs deadlocked or starved");
        for (Future<?> f : futures) {
            f.get(); // rethrows a job failure (e.g. a timeout) from any thread
        }
        long total = 0;
        for (DomainObject<Counter> d : doms) {
            Counter c = d.runtime();
            assertEquals(1, c.maxInside, "two jobs ran at once on " + d.name());
            total += c.value;
        }
        assertEquals(expected.get(), total, "lost updates");
        assertTrue(total > (long) threads * opsPerThread);
    }

    private static void bump(DomainObject<Counter> d) {
        Counter c = d.runtime();
        c.inside++;
        c.maxInside = Math.max(c.maxInside, c.inside);
        long v = c.value;
        if ((v & 7) == 0) {
            Thread.yield(); // widen the window a lost update would need
        }
        c.value = v + 1;
        c.inside--;
    }

    @Test
    void differentDomainsRunInParallel() throws Exception {
        DomainRegistry<Object> reg = new DomainRegistry<>(5_000);
        DomainObject<Object> a = reg.addOrFind(DomainRegistryTest.def("a"), true, Object::new);
        DomainObject<Object> b = reg.addOrFind(DomainRegistryTest.def("b"), true, Object::new);
        CountDownLatch aHeld = new CountDownLatch(1);
        CountDownLatch bDone = new CountDownLatch(1);
        Thread holder = new Thread(() -> reg.run(a, "virDomainCreate", d -> {
            aHeld.countDown();
            try {
                // a's job ends only once b's job has finished: proves b did not wait for a
                assertTrue(bDone.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        assertTrue(aHeld.await(5, TimeUnit.SECONDS));
        reg.run(b, "virDomainSuspend", d -> bDone.countDown());
        holder.join(5_000);
        assertEquals(0, bDone.getCount());
    }

    @Test
    void heldJobTimesOutWithOperationTimeout() throws Exception {
        DomainRegistry<Object> reg = new DomainRegistry<>(100);
        DomainObject<Object> a = reg.addOrFind(DomainRegistryTest.def("a"), true, Object::new);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> reg.run(a, "virDomainSuspend", d -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        assertTrue(held.await(5, TimeUnit.SECONDS));
        AtomicInteger ran = new AtomicInteger();
        long t0 = System.nanoTime();
        VirtException e = assertThrows(VirtException.class, () -> reg.run(a, "virDomainResume", d -> ran.incrementAndGet()));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code());
        assertEquals("Timed out during operation: cannot acquire state change lock (held by virDomainSuspend)", e.getMessage());
        assertTrue(waitedMs >= 90, "gave up after " + waitedMs + " ms, before the timeout");
        assertEquals(0, ran.get());

        release.countDown();
        holder.join(5_000);
        reg.run(a, "virDomainResume", d -> ran.incrementAndGet());
        assertEquals(1, ran.get(), "the job is free again once released");
    }

    @Test
    void jobOfADomainRemovedWhileWaitingReportsNoDomain() throws Exception {
        DomainRegistry<Object> reg = new DomainRegistry<>(5_000);
        DomainObject<Object> a = reg.addOrFind(DomainRegistryTest.def("a"), false, Object::new);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread destroyer = new Thread(() -> reg.run(a, "virDomainDestroy", d -> {
            held.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reg.remove(d); // a transient domain that stopped leaves the registry
        }));
        destroyer.start();
        assertTrue(held.await(5, TimeUnit.SECONDS));
        AtomicInteger ran = new AtomicInteger();
        VirtException[] failure = new VirtException[1];
        // whether it queues before or after the removal, the job is granted only once it is gone
        Thread waiter = new Thread(() -> {
            try {
                reg.run(a, "virDomainSuspend", x -> ran.incrementAndGet());
            } catch (VirtException e) {
                failure[0] = e;
            }
        });
        waiter.start();
        release.countDown();
        destroyer.join(5_000);
        waiter.join(5_000);
        assertEquals(0, ran.get());
        assertEquals(ErrorCode.NO_DOMAIN, failure[0].code());
        assertTrue(failure[0].getMessage().endsWith("(a)"), failure[0].getMessage());
    }

    @Test
    void nestedJobOnTheSameDomainFailsAtOnce() {
        DomainRegistry<Object> reg = new DomainRegistry<>(60_000);
        DomainObject<Object> a = reg.addOrFind(DomainRegistryTest.def("a"), true, Object::new);
        long t0 = System.nanoTime();
        VirtException e = assertThrows(VirtException.class,
            () -> reg.run(a, "virDomainCreate", d -> reg.run(d, "virDomainSuspend", x -> { })));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().contains("virDomainCreate"), e.getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 5, "did not wait for the timeout");
        reg.run(a, "virDomainSuspend", d -> { }); // and the outer job was released
    }

    @Test
    void interruptedWaitIsOperationAborted() throws Exception {
        DomainRegistry<Object> reg = new DomainRegistry<>(10_000);
        DomainObject<Object> a = reg.addOrFind(DomainRegistryTest.def("a"), true, Object::new);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> reg.run(a, "job", d -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        assertTrue(held.await(5, TimeUnit.SECONDS));
        Thread.currentThread().interrupt();
        try {
            VirtException e = assertThrows(VirtException.class, () -> reg.run(a, "other", d -> { }));
            assertEquals(ErrorCode.OPERATION_ABORTED, e.code());
            assertTrue(Thread.interrupted(), "the interrupt flag is kept");
        } finally {
            release.countDown();
            holder.join(5_000);
        }
    }
}
