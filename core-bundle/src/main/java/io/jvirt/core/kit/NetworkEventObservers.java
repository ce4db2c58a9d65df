package io.jvirt.core.kit;

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

    private final ObserverList<NetworkEventObserver> observers = new ObserverList<>(LOG);

    /** Adds an observer; closing the result removes it. */
    public AutoCloseable add(NetworkEventObserver observer) {
        return observers.add(observer);
    }

    /** Hands one event to every observer; never throws. */
    @Override
    public void accept(String uri, NetworkEvent event) {
        String where = uri == null ? "" : uri;
        observers.tell(o -> o.onEvent(where, event), event);
    }

    public int size() {
        return observers.size();
    }
}
