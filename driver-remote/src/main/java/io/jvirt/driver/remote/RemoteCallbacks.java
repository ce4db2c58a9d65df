package io.jvirt.driver.remote;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event callbacks of one kind (domain, network, storage pool) that a connection registered on
 * the far side: each callback id the server handed out, with the local sink its messages go to
 * (libvirt's remote driver keeps the same table, remoteEventCallbackID). One local subscription
 * may hold several ids (a pool subscription takes the lifecycle and the refresh events).
 *
 * @param <E> the event the sinks receive
 */
final class RemoteCallbacks<E> {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCallbacks.class);

    private record Callback<E>(int id, Consumer<E> sink) {
    }

    private final String deregisterProcedure;
    private final CopyOnWriteArrayList<Callback<E>> callbacks = new CopyOnWriteArrayList<>();

    /** @param deregisterProcedure the procedure that ends one callback ({@code CONNECT_..._DEREGISTER_ANY}) */
    RemoteCallbacks(String deregisterProcedure) {
        this.deregisterProcedure = deregisterProcedure;
    }

    /**
     * Adds callbacks {@code ids} for {@code sink}.
     *
     * @return ends them here and, while the connection is open, on the far side
     */
    AutoCloseable add(RemoteCalls calls, List<Integer> ids, Consumer<E> sink) {
        List<Callback<E>> added = ids.stream().map(id -> new Callback<>(id, sink)).toList();
        callbacks.addAll(added);
        return () -> {
            for (Callback<E> c : added) {
                if (callbacks.remove(c) && calls.isAlive()) {
                    deregister(calls, c.id());
                }
            }
        };
    }

    /** Hands {@code event} to the sink of callback {@code id}; an unknown id (deregistered meanwhile) is dropped. */
    void deliver(int id, E event) {
        for (Callback<E> c : callbacks) {
            if (c.id() == id) {
                try {
                    c.sink().accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("event sink of callback {} failed", id, e);
                }
            }
        }
    }

    /** Deregisters every callback on the far side (the connection is closing). */
    void deregisterAll(RemoteCalls calls) {
        for (Callback<E> c : callbacks) {
            if (callbacks.remove(c)) {
                deregister(calls, c.id());
            }
        }
    }

    private void deregister(RemoteCalls calls, int id) {
        try {
            calls.call(deregisterProcedure, "callbackID", id);
        } catch (io.jvirt.api.VirtException e) {
            LOG.debug("{} of callback {} on {}: {}", deregisterProcedure, id, calls.uri(), e.getMessage());
        }
    }
}
