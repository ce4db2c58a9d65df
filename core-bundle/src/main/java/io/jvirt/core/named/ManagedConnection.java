package io.jvirt.core.named;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.CloseListener;
import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NamedConnectionInfo;
import io.jvirt.api.NamedConnectionInfo.State;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.ConnectionNames;

/**
 * One named connection kept open: the first attempt at once, then, whenever the connection drops
 * (its driver reports the loss through the close listeners, or it is found dead), new attempts
 * waiting {@link NamedConnectionSettings#backoff} between failures. Attempts run on the
 * registry's timer threads, one at a time per connection; a newer generation (a stop) makes a
 * late result be thrown away.
 */
final class ManagedConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedConnection.class);

    private final NamedConnectionSettings settings;
    private final Function<ConnectionNames.Target, Connection> opener;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    /** The handles given out (services, NamedConnections.connection): told of every new connection. */
    private final Set<ConnectionHandle> handles = ConcurrentHashMap.newKeySet();

    // guarded by this
    private Connection current;
    private State state = State.CONNECTING;
    private String lastError;
    private VirtException lastFailure;
    private Instant since;
    private int failures;
    private boolean stopped;
    private ScheduledFuture<?> next;

    ManagedConnection(NamedConnectionSettings settings, Function<ConnectionNames.Target, Connection> opener,
                      ScheduledExecutorService timer, Clock clock) {
        this.settings = settings;
        this.opener = opener;
        this.timer = timer;
        this.clock = clock;
        this.since = clock.instant();
    }

    NamedConnectionSettings settings() {
        return settings;
    }

    /** Starts the first attempt. */
    synchronized void start() {
        schedule(Duration.ZERO);
    }

    /** Stops retrying and closes the connection; the handles fail from now on. */
    void stop() {
        Connection c;
        synchronized (this) {
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
            c = current;
            current = null;
        }
        for (ConnectionHandle h : handles) {
            h.ownerStopped();
        }
        handles.clear();
        if (c != null) {
            closeQuietly(c);
        }
        LOG.info("named connection '{}' removed", settings.name());
    }

    synchronized NamedConnectionInfo info() {
        return new NamedConnectionInfo(settings.name(), settings.uri(), settings.readOnly(), settings.secret().toString(),
            state, lastError, since, failures);
    }

    /**
     * The connection open now.
     *
     * @throws VirtException the reason there is none: the last attempt's error, or libvirt's
     *                       "client socket is closed" after a drop; INVALID_CONN once removed
     */
    Connection current() {
        Connection c;
        synchronized (this) {
            if (stopped) {
                throw new VirtException(ErrorCode.INVALID_CONN, ErrorDomain.NONE,
                    "named connection '" + settings.name() + "' was removed");
            }
            c = current;
            if (c == null) {
                throw lastFailure != null ? lastFailure
                    : new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "client socket is closed");
            }
        }
        if (!c.isAlive()) {
            lost(c, CloseListener.Reason.EOF);
            return current();
        }
        return c;
    }

    synchronized boolean alive() {
        return !stopped && current != null && current.isAlive();
    }

    /** A new handle on this connection (an OSGi service's, a console's); closing it ends only the handle. */
    Connection handle() {
        ConnectionHandle h = new ConnectionHandle(this);
        Connection proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
        h.proxy(proxy);
        handles.add(h);
        synchronized (this) {
            if (stopped) {
                h.ownerStopped();
            }
        }
        return proxy;
    }

    void forget(ConnectionHandle h) {
        handles.remove(h);
    }

    private void schedule(Duration delay) {
        if (stopped) {
            return;
        }
        next = timer.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void attempt() {
        synchronized (this) {
            if (stopped || current != null) {
                return;
            }
        }
        Connection c;
        try {
            c = opener.apply(settings.target());
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        boolean keep;
        int before;
        boolean first;
        synchronized (this) {
            keep = !stopped;
            before = failures;
            first = state == State.CONNECTING;
            if (keep) {
                current = c;
                state = State.CONNECTED;
                since = clock.instant();
                failures = 0;
                lastFailure = null;
                lastError = null;
            }
        }
        if (!keep) {
            closeQuietly(c);
            return;
        }
        c.addCloseListener((conn, reason) -> lost(conn, reason));
        for (ConnectionHandle h : handles) {
            h.attach(c);
        }
        if (first) {
            LOG.info("named connection '{}' connected to {}", settings.name(), settings.uri());
        } else {
            LOG.info("named connection '{}' reconnected to {} after {} failed attempt(s)", settings.name(), settings.uri(), before);
        }
        if (!c.isAlive()) {
            lost(c, CloseListener.Reason.EOF);
        }
    }

    private void failed(RuntimeException e) {
        VirtException v = e instanceof VirtException ve ? ve
            : new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, String.valueOf(e), e);
        String message = settings.secret().mask(v.getMessage());
        boolean giveUp = v.code() == ErrorCode.AUTH_FAILED || v.code() == ErrorCode.CONF_SYNTAX
            || (v.code() == ErrorCode.INVALID_ARG && v.errorDomain() == ErrorDomain.URI);
        Duration wait;
        int n;
        synchronized (this) {
            if (stopped) {
                return;
            }
            n = ++failures;
            lastError = message;
            // the error as it came, its message masked
            lastFailure = VirtException.verbatim(v.code(), v.errorDomain(), message);
            giveUp = giveUp || (settings.attempts() > 0 && n >= settings.attempts());
            State s = giveUp ? State.FAILED : State.RECONNECTING;
            if (s != state) {
                since = clock.instant();
            }
            state = s;
            wait = settings.backoff(n);
            if (!giveUp) {
                schedule(wait);
            }
        }
        if (giveUp) {
            LOG.error("named connection '{}' to {}: attempt {} failed ({}); giving up", settings.name(), settings.uri(), n, message);
        } else {
            LOG.warn("named connection '{}' to {}: attempt {} failed ({}); next attempt in {} ms", settings.name(), settings.uri(),
                n, message, wait.toMillis());
        }
    }

    /** {@code c} closed or died: when it is the current one, drop it and start reconnecting. */
    private void lost(Connection c, CloseListener.Reason reason) {
        synchronized (this) {
            if (stopped || current != c) {
                return;
            }
            current = null;
            state = State.RECONNECTING;
            since = clock.instant();
            lastError = "client socket is closed (" + reason.name().toLowerCase(java.util.Locale.ROOT) + ")";
            lastFailure = new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "client socket is closed");
            schedule(Duration.ZERO);
        }
        LOG.warn("named connection '{}' to {} lost ({}): reconnecting", settings.name(), settings.uri(), reason);
        for (ConnectionHandle h : handles) {
            h.detach();
        }
        closeQuietly(c);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a named connection's connection", e);
        }
    }
}
