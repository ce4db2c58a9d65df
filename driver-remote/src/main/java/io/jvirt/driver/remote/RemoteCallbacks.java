package io.jvirt.driver.remote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.VirtException;

/**
 * The event callbacks of one kind (domain, network, storage pool) a connection has on the far
 * side, as libvirt's remote driver keeps them (remoteConnectDomainEventRegisterAny and its
 * siblings): ONE callback per event id registered remotely, with the first local sink, and
 * deregistered with the last; every local sink of that id receives its messages. libvirtd
 * refuses a second registration of one event id on one connection ("event callback already
 * tracked"), and the core's listeners, the host-wide observers and any other subscriber of a
 * connection share it this way.
 *
 * @param <E> the event the sinks receive
 */
final class RemoteCallbacks<E> {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteCallbacks.class);

    /** One subscriber's sink, by identity (one consumer may be subscribed twice). */
    private static final class Sink<E> {
        final Consumer<E> consumer;

        Sink(Consumer<E> consumer) {
            this.consumer = consumer;
        }
    }

    private final String registerProcedure;
    private final String deregisterProcedure;
    private final String objectField;
    /** Event id to the callback id the far side handed out. */
    private final Map<Integer, Integer> remoteIds = new HashMap<>();
    private final Map<Integer, List<Sink<E>>> sinks = new HashMap<>();

    /**
     * @param registerProcedure   {@code CONNECT_..._REGISTER_ANY}
     * @param deregisterProcedure {@code CONNECT_..._DEREGISTER_ANY}
     * @param objectField         the register call's optional object field ("dom", "net", "pool"): null, every object
     */
    RemoteCallbacks(String registerProcedure, String deregisterProcedure, String objectField) {
        this.registerProcedure = registerProcedure;
        this.deregisterProcedure = deregisterProcedure;
        this.objectField = objectField;
    }

    /**
     * Adds {@code consumer} for {@code eventIds}, registering on the far side the ids that have no
     * callback yet.
     *
     * @return removes it, deregistering the ids it was the last sink of
     */
    synchronized AutoCloseable add(RemoteCalls calls, Consumer<E> consumer, int... eventIds) {
        Sink<E> sink = new Sink<>(consumer);
        List<Integer> added = new ArrayList<>();
        try {
            for (int eventId : eventIds) {
                if (!remoteIds.containsKey(eventId)) {
                    remoteIds.put(eventId, calls.call(registerProcedure, "eventID", eventId, objectField, null).getInt("callbackID"));
                }
                sinks.computeIfAbsent(eventId, k -> new CopyOnWriteArrayList<>()).add(sink);
                added.add(eventId);
            }
        } catch (RuntimeException e) {
            // the ids registered before the failure are not left behind on the far side
            remove(calls, sink, added);
            throw e;
        }
        return () -> remove(calls, sink, added);
    }

    private synchronized void remove(RemoteCalls calls, Sink<E> sink, List<Integer> eventIds) {
        for (int eventId : eventIds) {
            List<Sink<E>> list = sinks.get(eventId);
            if (list != null && list.remove(sink) && list.isEmpty()) {
                sinks.remove(eventId);
                Integer id = remoteIds.remove(eventId);
                if (id != null && calls.isAlive()) {
                    deregister(calls, id);
                }
            }
        }
    }

    /** Hands {@code event} of callback {@code callbackId} to every sink of its event id; an unknown id is dropped. */
    void deliver(int callbackId, E event) {
        List<Sink<E>> targets = List.of();
        synchronized (this) {
            for (Map.Entry<Integer, Integer> e : remoteIds.entrySet()) {
                if (e.getValue() == callbackId) {
                    targets = sinks.getOrDefault(e.getKey(), List.of());
                }
            }
        }
        for (Sink<E> s : targets) {
            try {
                s.consumer.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event sink of callback {} failed", callbackId, e);
            }
        }
    }

    /**
     * Forgets every callback: the connection is closing, and the far side drops a closing client's
     * callbacks itself (as libvirt's client relies on); a later remove deregisters nothing.
     */
    synchronized void forgetAll() {
        remoteIds.clear();
        sinks.clear();
    }

    private void deregister(RemoteCalls calls, int id) {
        try {
            calls.call(deregisterProcedure, "callbackID", id);
        } catch (VirtException e) {
            LOG.debug("{} of callback {} on {}: {}", deregisterProcedure, id, calls.uri(), e.getMessage());
        }
    }
}
