package io.jvirt.core.kit;

import java.util.concurrent.CopyOnWriteArrayList;
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

    private final CopyOnWriteArrayList<StorageEventObserver> observers = new CopyOnWriteArrayList<>();

    /** Adds an observer; closing the result removes it. */
    public AutoCloseable add(StorageEventObserver observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    /** Hands one event to every observer; never throws. */
    @Override
    public void accept(String uri, StoragePoolEvent event) {
        for (StorageEventObserver o : observers) {
            try {
                o.onEvent(uri == null ? "" : uri, event);
            } catch (RuntimeException e) {
                LOG.warn("storage pool event observer failed on {}", event, e);
            }
        }
    }

    public int size() {
        return observers.size();
    }
}
