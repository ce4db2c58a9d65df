package io.jvirt.core.kit;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;

/**
 * Fan-out of one driver host's lifecycle events to its subscribers (each open connection) and to
 * the driver's {@link DomainEventObservers} (through which the core's EventAdmin bridge sees every
 * host, topic {@code io/jvirt/domain/<TYPE>}).
 *
 * <p>Ordering: a driver publishes while it holds the domain's job ({@link DomainRegistry#job}), so
 * events of one domain are published in order; subscribers must not block (the core's connections
 * only enqueue, and deliver to API listeners on its {@code jvirt-events-N} threads in that order).
 */
public final class DomainEventBus {

    private static final Logger LOG = LoggerFactory.getLogger(DomainEventBus.class);

    private final CopyOnWriteArrayList<Consumer<DomainEvent>> sinks = new CopyOnWriteArrayList<>();
    private final String uri;
    private final DomainEventObservers observers;

    /** A bus whose host URI is unknown and whose events reach no observer beyond its subscribers. */
    public DomainEventBus() {
        this(null);
    }

    /** @param uri the URI of the host whose events this bus carries ("qemu:///system"), may be null */
    public DomainEventBus(String uri) {
        this(uri, null);
    }

    /**
     * @param uri       the URI of the host whose events this bus carries ("qemu:///system"), may be null
     * @param observers the driver's observers, which see every event after the subscribers (null: none)
     */
    public DomainEventBus(String uri, DomainEventObservers observers) {
        this.uri = uri;
        this.observers = observers;
    }

    /** The host URI given at construction, or null. */
    public String uri() {
        return uri;
    }

    /** Adds a subscriber; closing the result removes it. */
    public AutoCloseable subscribe(Consumer<DomainEvent> sink) {
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    /** Hands {@code event} to every subscriber, then to the core's observers; never throws. */
    public void publish(DomainEvent event) {
        LOG.debug("{}", event);
        for (Consumer<DomainEvent> sink : sinks) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event subscriber failed on {}", event, e);
            }
        }
        if (observers != null) {
            observers.dispatch(uri, event);
        }
    }

    public int subscriberCount() {
        return sinks.size();
    }
}
