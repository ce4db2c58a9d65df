package io.jvirt.core.kit;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.NetworkEvent;
import io.jvirt.core.spi.NetworkEventObserver;

/**
 * The observers of every network event of one driver, across all its hosts, as
 * {@link DomainEventObservers} is for domain events: a driver owns one, gives it as the observer of
 * each network {@link ObjectEventBus} it makes, and answers
 * {@link io.jvirt.core.spi.HypervisorDriver#observeNetworkEvents} with {@link #add}.
 *
 * @since 1.2.0
 */
public final class NetworkEventObservers implements BiConsumer<String, NetworkEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkEventObservers.class);

    private final CopyOnWriteArrayList<NetworkEventObserver> observers = new CopyOnWriteArrayList<>();

    /** Adds an observer; closing the result removes it. */
    public AutoCloseable add(NetworkEventObserver observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    /** Hands one event to every observer; never throws. */
    @Override
    public void accept(String uri, NetworkEvent event) {
        for (NetworkEventObserver o : observers) {
            try {
                o.onEvent(uri == null ? "" : uri, event);
            } catch (RuntimeException e) {
                LOG.warn("network event observer failed on {}", event, e);
            }
        }
    }

    public int size() {
        return observers.size();
    }
}
