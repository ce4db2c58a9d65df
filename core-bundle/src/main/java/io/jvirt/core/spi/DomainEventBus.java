package io.jvirt.core.spi;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;

/**
 * Fan-out of one driver host's lifecycle events to its subscribers (each open connection). A
 * driver publishes while it holds the domain's job, so events of one domain are published in order;
 * subscribers must not block (the core's connections only enqueue).
 */
public final class DomainEventBus {

    private static final Logger LOG = LoggerFactory.getLogger(DomainEventBus.class);

    private final CopyOnWriteArrayList<Consumer<DomainEvent>> sinks = new CopyOnWriteArrayList<>();

    /** Adds a subscriber; closing the result removes it. */
    public AutoCloseable subscribe(Consumer<DomainEvent> sink) {
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    public void publish(DomainEvent event) {
        LOG.debug("{}", event);
        for (Consumer<DomainEvent> sink : sinks) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event subscriber failed on {}", event, e);
            }
        }
    }

    public int subscriberCount() {
        return sinks.size();
    }
}
