package io.jvirt.core.kit.remote;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.VirtException;

/**
 * Keeps a remote driver's idle sessions alive (servers drop sessions after an idle time: vSphere
 * after 30 minutes) and notices the ones that died: one daemon thread per driver, made at the
 * first connection that asks, pings each connection every interval; a failed ping marks the
 * connection dead ({@code DriverConnection.isAlive()}), the next good one alive again. A ping runs
 * on the driver's thread, never the caller's, and is bounded by the transport's own timeouts.
 *
 * @since 1.1.0
 */
public final class KeepAlive implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);

    /** One keep-alive request to the server ({@code CurrentTime} on vSphere); fails with a VirtException. */
    @FunctionalInterface
    public interface Ping {
        void ping();
    }

    /** One connection's keep-alive. */
    public static final class Handle implements AutoCloseable {
        private final String what;
        private final Ping ping;
        private volatile ScheduledFuture<?> future;
        private volatile boolean alive = true;

        private Handle(String what, Ping ping) {
            this.what = what;
            this.ping = ping;
        }

        /** Whether the last ping (if any) succeeded. */
        public boolean isAlive() {
            return alive;
        }

        /** Pings now, on the calling thread: what the scheduler does every interval. */
        public void tick() {
            try {
                ping.ping();
                alive = true;
            } catch (VirtException e) {
                alive = false;
                LOG.warn("keep-alive of {} failed: {}", what, e.getMessage());
            }
        }

        /** Stops pinging (the connection closes). */
        @Override
        public void close() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    private final String threadName;
    private ScheduledExecutorService scheduler;

    /** @param threadName the daemon thread's name ("jvirt-esx-keepalive") */
    public KeepAlive(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Pings {@code what} every {@code interval} from now on, until the handle is closed.
     *
     * @param interval zero: never (the handle only answers {@link Handle#isAlive} true)
     */
    public Handle start(String what, Duration interval, Ping ping) {
        Handle h = new Handle(what, ping);
        if (!interval.isZero() && !interval.isNegative()) {
            long ms = interval.toMillis();
            h.future = scheduler().scheduleWithFixedDelay(h::tick, ms, ms, TimeUnit.MILLISECONDS);
        }
        return h;
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
        }
        return scheduler;
    }

    /** Ends the thread (the driver goes away); handles still open just stop being pinged. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
