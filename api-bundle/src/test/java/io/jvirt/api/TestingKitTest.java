package io.jvirt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import io.jvirt.api.testing.Poll;
import io.jvirt.api.testing.Prerequisite;

/** The testing kit's shared rules: a missing prerequisite skips here and fails in CI; bounded polling. */
class TestingKitTest {

    @Test
    void aMissingPrerequisiteSkipsHereAndFailsInCi() {
        if (Prerequisite.inCi()) {
            AssertionError e = assertThrows(AssertionError.class, () -> Prerequisite.require(false, "no frobnicator"));
            assertEquals("CI=true and a prerequisite is missing: no frobnicator", e.getMessage());
        } else {
            // JUnit Jupiter's own skip (no JUnit 4 on this class path), with the reason as its message
            TestAbortedException e = assertThrows(TestAbortedException.class, () -> Prerequisite.require(false, "no frobnicator"));
            assertEquals("no frobnicator", e.getMessage());
            RuntimeException listed = Prerequisite.missing("x");
            assertInstanceOf(TestAbortedException.class, listed);
        }
        Prerequisite.require(true, "never said");
    }

    @Test
    void aListOfWhatIsMissingIsOneReason() {
        Prerequisite.requireNothingMissing("container tests need", java.util.List.of());
        Throwable t = assertThrows(Throwable.class,
            () -> Prerequisite.requireNothingMissing("container tests need", java.util.List.of("root", "busybox")));
        assertTrue(t.getMessage().endsWith("container tests need: root; busybox"), t.getMessage());
    }

    @Test
    void pollReturnsOnceTheConditionHolds() {
        AtomicInteger checks = new AtomicInteger();
        Poll.until("the third check", Duration.ofMinutes(1), () -> checks.incrementAndGet() == 3);
        assertEquals(3, checks.get());
        assertEquals("ready", Poll.forValue("a value", Duration.ofMinutes(1), () -> checks.incrementAndGet() < 5 ? null : "ready"));
    }

    @Test
    void pollFailsNamingWhatItAwaitedAndWhatItLastSaw() {
        AssertionError e = assertThrows(AssertionError.class,
            () -> Poll.until("the impossible", Duration.ofMillis(50), () -> false, () -> "nothing yet"));
        assertEquals("timed out after 50 ms waiting for the impossible; last seen: nothing yet", e.getMessage());
    }

    @Test
    void aFailingCheckEndsTheWaitWithItsCause() {
        IOException cause = new IOException("unreadable");
        AssertionError e = assertThrows(AssertionError.class, () -> Poll.until("a file", Duration.ofMinutes(1), () -> {
            throw cause;
        }));
        assertSame(cause, e.getCause());
        IllegalStateException unchecked = new IllegalStateException("bug");
        assertSame(unchecked, assertThrows(IllegalStateException.class, () -> Poll.until("a state", Duration.ofMinutes(1), () -> {
            throw unchecked;
        })));
    }

    @Test
    void anInterruptedWaitEndsAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> Poll.until("never", Duration.ofMinutes(1), () -> false));
            assertEquals("interrupted waiting for never", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
