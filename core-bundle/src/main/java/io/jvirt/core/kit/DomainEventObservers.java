package io.jvirt.core.kit;

import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.core.spi.DomainEventObserver;

/**
 * The observers of every event of one driver, across all its hosts: a driver owns one, gives it to
 * each {@link DomainEventBus} it makes, and answers
 * {@link io.jvirt.core.spi.HypervisorDriver#observeDomainEvents} with {@link #add}. Per driver
 * instance, never JVM-wide: two cores in one JVM do not see each other's events.
 */
public final class DomainEventObservers {

    private static final Logger LOG = LoggerFactory.getLogger(DomainEventObservers.class);

    private final CopyOnWriteArrayList<DomainEventObserver> observers = new CopyOnWriteArrayList<>();

    /** Adds an observer; closing the result removes it. */
    public AutoCloseable add(DomainEventObserver observer) {
        observers.add(observer);
        return () -> observers.remove(observer);
    }

    /** Hands one event to every observer; never throws. */
    public void dispatch(String uri, DomainEvent event) {
        for (DomainEventObserver o : observers) {
            try {
                o.onEvent(uri == null ? "" : uri, event);
            } catch (RuntimeException e) {
                LOG.warn("domain event observer failed on {}", event, e);
            }
        }
    }

    public int size() {
        return observers.size();
    }
}
