package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

class BackgroundActivationTest {

    @Test
    void awaitReturnsOnlyOnceTheWorkHasEndedAndSeesWhatItDid() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> state = new AtomicReference<>("inactive");
        AtomicReference<String> thread = new AtomicReference<>();
        BackgroundActivation a = BackgroundActivation.start("jvirt-test-activation", () -> {
            thread.set(Thread.currentThread().getName());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            state.set("loaded");
        });
        assertFalse(a.isDone(), "the work is still waiting for its release");
        release.countDown();
        a.await(ErrorDomain.QEMU);
        assertTrue(a.isDone());
        assertEquals("loaded", state.get());
        assertEquals("jvirt-test-activation", thread.get());
    }

    @Test
    void aFailingWorkStillEndsTheWait() {
        BackgroundActivation a = BackgroundActivation.start("jvirt-test-failing", () -> {
            throw new IllegalStateException("cannot load");
        });
        a.await(ErrorDomain.LXC);
        a.awaitQuietly();
        assertTrue(a.isDone());
    }

    @Test
    void doneNeverWaits() {
        assertTrue(BackgroundActivation.DONE.isDone());
        BackgroundActivation.DONE.await(ErrorDomain.QEMU);
        BackgroundActivation.DONE.awaitQuietly();
    }

    @Test
    void anInterruptedWaitIsAnAbortedOperationAndKeepsTheInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BackgroundActivation a = BackgroundActivation.start("jvirt-test-slow", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            Thread.currentThread().interrupt();
            VirtException e = assertThrows(VirtException.class, () -> a.await(ErrorDomain.QEMU));
            assertEquals(ErrorCode.OPERATION_ABORTED, e.code());
            assertTrue(Thread.interrupted(), "the interrupt status is kept");
        } finally {
            release.countDown();
            a.awaitQuietly();
        }
    }
}
