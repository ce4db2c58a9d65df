package io.jvirt.api.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded waits on a condition that another process or thread makes true: a file written, a state
 * reached, a service registered. The only place where tests pause between checks (a short pause,
 * growing from 10 ms to 200 ms, so a fast condition is seen at once and a slow one is not hammered);
 * a test never sleeps a fixed time for something to be ready.
 *
 * <p>Free of any test framework: a timeout is an {@link AssertionError} naming what was awaited
 * (and what was last seen, when the caller says how to describe it), so JUnit 4 and 5 tests, and
 * the Pax Exam probes inside Karaf, share it.
 */
public final class Poll {

    private static final long FIRST_PAUSE_MS = 10;
    private static final long LONGEST_PAUSE_MS = 200;

    private Poll() {
    }

    /** A condition to check; it may throw (the wait then fails with that exception as its cause). */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** A value to wait for: null while it is not there yet. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /** Waits until {@code check} holds; fails with "timed out after T waiting for WHAT" when it does not within {@code timeout}. */
    public static void until(String what, Duration timeout, Check check) {
        until(what, timeout, check, null);
    }

    /**
     * As {@link #until(String, Duration, Check)}; the failure also says what {@code lastSeen}
     * describes at that moment (a file's content, a state).
     */
    public static void until(String what, Duration timeout, Check check, Supplier<?> lastSeen) {
        forValue(what, timeout, () -> check.holds() ? Boolean.TRUE : null, lastSeen);
    }

    /** Waits until {@code probe} gives a value (not null) and returns it; fails as {@link #until} does. */
    public static <T> T forValue(String what, Duration timeout, Probe<T> probe) {
        return forValue(what, timeout, probe, null);
    }

    /** As {@link #forValue(String, Duration, Probe)}, with what {@code lastSeen} describes in the failure. */
    public static <T> T forValue(String what, Duration timeout, Probe<T> probe, Supplier<?> lastSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (true) {
            T value;
            try {
                value = probe.get();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            } catch (Exception e) {
                throw new AssertionError("checking " + what + " failed: " + e, e);
            }
            if (value != null) {
                return value;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out after " + describe(timeout) + " waiting for " + what
                    + (lastSeen == null ? "" : "; last seen: " + lastSeen.get()));
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
