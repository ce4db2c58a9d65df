package io.jvirt.core.named;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Network;
import io.jvirt.api.Registration;
import io.jvirt.api.StoragePool;
import io.jvirt.api.VirtException;

/**
 * A {@link Connection} that stays valid while its named connection reconnects underneath: each
 * call goes to the connection open now ({@link ManagedConnection#current()}). Listeners on the
 * whole connection (domain, network, pool events; close) are kept and registered again on every
 * new connection, so an event consumer survives a reconnect; listeners on one object (a domain)
 * belong to that object's connection and end with it. {@link Connection#close()} ends this handle
 * only.
 */
final class ConnectionHandle implements InvocationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandle.class);

    private final ManagedConnection owner;
    private final List<Sticky> stickies = new CopyOnWriteArrayList<>();
    private volatile Connection proxy;
    private volatile boolean closed;

    /** A whole-connection listener: how to register it, and its registration on the current connection. */
    private final class Sticky implements Registration {
        final Method method;
        final Object[] args;
        volatile Registration current;
        volatile boolean removed;

        Sticky(Method method, Object[] args) {
            this.method = method;
            this.args = args;
        }

        synchronized void attach(Connection c) {
            if (removed) {
                return;
            }
            try {
                Registration old = current;
                current = (Registration) method.invoke(c, args);
                if (old != null) {
                    old.close();
                }
            } catch (InvocationTargetException | IllegalAccessException e) {
                LOG.warn("named connection '{}': could not register a {} again after a reconnect",
                    owner.settings().name(), method.getName(), e instanceof InvocationTargetException ite ? ite.getCause() : e);
            }
        }

        synchronized void detach() {
            Registration r = current;
            current = null;
            if (r != null) {
                r.close();
            }
        }

        @Override
        public synchronized void close() {
            removed = true;
            stickies.remove(this);
            Registration r = current;
            current = null;
            if (r != null) {
                r.close();
            }
        }
    }

    ConnectionHandle(ManagedConnection owner) {
        this.owner = owner;
    }

    void proxy(Connection p) {
        this.proxy = p;
    }

    /** A new connection is open: carry the listeners over. */
    void attach(Connection c) {
        if (closed) {
            return;
        }
        for (Sticky s : stickies) {
            s.attach(c);
        }
    }

    /**
     * The connection was lost: the listeners leave it before it is closed, so that they hear of
     * the loss, not of the owner's close that follows.
     */
    void detach() {
        for (Sticky s : stickies) {
            s.detach();
        }
    }

    /** The named connection was removed: this handle fails from now on. */
    void ownerStopped() {
        closed = true;
        stickies.clear();
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                if (method.getParameterCount() == 1) {
                    return self == args[0];
                }
                break;
            case "hashCode":
                if (method.getParameterCount() == 0) {
                    return System.identityHashCode(self);
                }
                break;
            case "toString":
                if (method.getParameterCount() == 0) {
                    return "Connection[named " + owner.settings().name() + "]";
                }
                break;
            case "close":
                close();
                return null;
            case "isAlive":
                return !closed && owner.alive();
            case "isReadOnly":
                return owner.settings().readOnly();
            default:
                break;
        }
        if (closed) {
            throw new VirtException(ErrorCode.INVALID_CONN, ErrorDomain.NONE, "a closed connection");
        }
        Connection c = owner.current();
        if (isWholeConnectionListener(method, args)) {
            Sticky s = new Sticky(method, args);
            stickies.add(s);
            s.attach(c);
            return s;
        }
        try {
            return method.invoke(c, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** add*Listener calls that name no single domain, network or pool. */
    private static boolean isWholeConnectionListener(Method method, Object[] args) {
        if (!method.getName().startsWith("add") || !method.getName().endsWith("Listener")
            || method.getReturnType() != Registration.class) {
            return false;
        }
        for (Object a : args == null ? new Object[0] : args) {
            if (a instanceof Domain || a instanceof Network || a instanceof StoragePool) {
                return false;
            }
        }
        return true;
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Sticky s : stickies) {
            s.close();
        }
        owner.forget(this);
    }
}
