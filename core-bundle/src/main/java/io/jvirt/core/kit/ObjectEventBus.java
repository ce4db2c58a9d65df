package io.jvirt.core.kit;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out of one driver host's lifecycle events of one object kind (domain events today; network
 * and storage pool events next) to its subscribers (each open connection), then to an observer
 * that sees every host's events (the core's EventAdmin bridge).
 *
 * <p>Ordering: a driver publishes while it holds the object's job ({@link ObjectRegistry#job}), so
 * events of one object are published in order; subscribers must not block.
 *
 * @param <E> the event type
 * @since 1.1.0
 */
public class ObjectEventBus<E> {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectEventBus.class);

    private final CopyOnWriteArrayList<Consumer<E>> sinks = new CopyOnWriteArrayList<>();
    private final String uri;
    private final BiConsumer<String, E> observer;

    /**
     * @param uri      the URI of the host whose events this bus carries ("qemu:///system"), may be null
     * @param observer sees every event after the subscribers, with the host URI (null: none)
     */
    public ObjectEventBus(String uri, BiConsumer<String, E> observer) {
        this.uri = uri;
        this.observer = observer;
    }

    /** The host URI given at construction, or null. */
    public final String uri() {
        return uri;
    }

    /** Adds a subscriber; closing the result removes it. */
    public final AutoCloseable subscribe(Consumer<E> sink) {
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    /** Hands {@code event} to every subscriber, then to the observer; never throws. */
    public final void publish(E event) {
        LOG.debug("{}", event);
        for (Consumer<E> sink : sinks) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event subscriber failed on {}", event, e);
            }
        }
        if (observer != null) {
            try {
                observer.accept(uri, event);
            } catch (RuntimeException e) {
                LOG.warn("event observer failed on {}", event, e);
            }
        }
    }

    public final int subscriberCount() {
        return sinks.size();
    }
}
