package io.jvirt.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void anErrorInOneTaskDoesNotStallTheQueue() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r);
            t.setUncaughtExceptionHandler((th, e) -> { }); // the Error is expected
            return t;
        });
        try {
            SerialExecutor ex = new SerialExecutor(pool);
            List<Integer> ran = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            ex.execute(() -> ran.add(1));
            ex.execute(() -> {
                throw new StackOverflowError("listener bug");
            });
            ex.execute(() -> ran.add(3));
            ex.execute(done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS), "tasks after the Error never ran");
            assertEquals(List.of(1, 3), ran);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRefusingPoolDoesNotLeaveTheExecutorStuck() throws Exception {
        AtomicBoolean refuse = new AtomicBoolean(true);
        ExecutorService real = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor ex = new SerialExecutor(task -> {
                if (refuse.get()) {
                    throw new RejectedExecutionException("shutting down");
                }
                real.execute(task);
            });
            ex.execute(() -> { });
            refuse.set(false);
            CountDownLatch ran = new CountDownLatch(1);
            ex.execute(ran::countDown);
            assertTrue(ran.await(5, TimeUnit.SECONDS));
        } finally {
            real.shutdownNow();
        }
    }
}
