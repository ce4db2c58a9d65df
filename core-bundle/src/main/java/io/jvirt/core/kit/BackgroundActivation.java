package io.jvirt.core.kit;

import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A driver's slow activation work (loading its domains' files and reconnecting their guests, probing
 * the host's programs) run on a thread of its own instead of the thread that activates the
 * component. Declarative Services activates immediate components one after the other on the
 * framework's start-level thread, so a container start waited for every driver's load in bundle order
 * before the next bundle (the other drivers, the console's commands, the ssh server) started; with
 * the work here they start while it runs (measured in docs/PERFORMANCE.md, section 4).
 *
 * <p>What a user sees is unchanged: the driver's entry points ({@code open}, deactivation) call
 * {@link #await} first, so a connection opened while the work runs waits for it and then finds the
 * driver exactly as a synchronous activation would have left it; the work's own log lines and errors
 * are the same. One instance per activation; {@link #DONE} for a driver activated synchronously
 * (tests, embedding).
 */
public final class BackgroundActivation {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundActivation.class);

    /** Nothing running: {@link #await} returns at once. */
    public static final BackgroundActivation DONE = new BackgroundActivation();

    private final CountDownLatch done = new CountDownLatch(1);

    private BackgroundActivation() {
        done.countDown();
    }

    private BackgroundActivation(String threadName, Runnable work) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                LOG.error("{}: activation failed: {}", threadName, e.toString(), e);
            } finally {
                done.countDown();
            }
        }, threadName);
        t.setDaemon(true); // never what keeps a stopping JVM alive: deactivation waits for it instead
        t.start();
    }

    /** Starts {@code work} now on a daemon thread named {@code threadName}. */
    public static BackgroundActivation start(String threadName, Runnable work) {
        return new BackgroundActivation(threadName, work);
    }

    /** Whether the work has ended (or there was none). */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /**
     * Waits until the work has ended. The work is the driver's own (its files and its guests'
     * monitors, each with a timeout of its own), so there is no second bound here; an interrupt
     * ends the wait with an OPERATION_ABORTED error and keeps the thread's interrupt status.
     */
    public void await(ErrorDomain domain) {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, domain, "interrupted while the driver was activating");
        }
    }

    /** {@link #await} for deactivation: an interrupt is kept but does not stop the wait being over soon. */
    public void awaitQuietly() {
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
