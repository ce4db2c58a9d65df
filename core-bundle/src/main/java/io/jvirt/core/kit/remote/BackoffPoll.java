package io.jvirt.core.kit.remote;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Waiting for something the server does in its own time (a vSphere task, a WMI job): asks again
 * and again, a few milliseconds apart at first, then less often (doubling up to a ceiling), until
 * there is an answer or the timeout has passed. Polling keeps nothing on the server between calls
 * (no property-collector filter, no subscription to clean up when the client goes away).
 *
 * @since 1.1.0
 */
public final class BackoffPoll {

    /** The first pause between two probes. */
    public static final Duration FIRST = Duration.ofMillis(10);
    /** The longest pause between two probes. */
    public static final Duration CEILING = Duration.ofSeconds(1);

    private BackoffPoll() {
    }

    /**
     * Probes until {@code probe} answers.
     *
     * @param what names the wait in failures ("Could not start domain: task task-12")
     * @throws VirtException OPERATION_TIMEOUT "WHAT did not finish within N s", OPERATION_ABORTED
     *                       "WHAT: interrupted"; whatever the probe throws
     */
    public static <R> R until(Duration timeout, Supplier<Optional<R>> probe, ErrorDomain domain, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST.toMillis();
        while (true) {
            Optional<R> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, domain,
                    what + " did not finish within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VirtException(ErrorCode.OPERATION_ABORTED, domain, what + ": interrupted");
            }
            pause = Math.min(CEILING.toMillis(), pause * 2);
        }
    }
}
