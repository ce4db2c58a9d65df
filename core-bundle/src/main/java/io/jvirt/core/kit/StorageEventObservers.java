package io.jvirt.core.kit;

import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.StoragePoolEvent;
import io.jvirt.core.spi.StorageEventObserver;

/**
 * The observers of every storage pool event (lifecycle and refresh) of one driver, across all its hosts, as
 * {@link DomainEventObservers} is for domain events: a driver owns one, gives it as the observer of
 * each pool {@link ObjectEventBus} it makes, and answers
 * {@link io.jvirt.core.spi.HypervisorDriver#observeStoragePoolEvents} with {@link #add}.
 *
 * @since 1.5.0
 */
public final class StorageEventObservers implements BiConsumer<String, StoragePoolEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(StorageEventObservers.class);

    private final ObserverList<StorageEventObserver> observers = new ObserverList<>(LOG);

    /** Adds an observer; closing the result removes it. */
    public AutoCloseable add(StorageEventObserver observer) {
        return observers.add(observer);
    }

    /** Hands one event to every observer; never throws. */
    @Override
    public void accept(String uri, StoragePoolEvent event) {
        String where = uri == null ? "" : uri;
        observers.tell(o -> o.onEvent(where, event), event);
    }

    public int size() {
        return observers.size();
    }
}
