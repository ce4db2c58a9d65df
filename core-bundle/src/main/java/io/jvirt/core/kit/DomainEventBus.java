package io.jvirt.core.kit;

import io.jvirt.api.DomainEvent;

/**
 * One driver host's domain lifecycle events ({@link ObjectEventBus} of {@link DomainEvent}): to
 * its subscribers (each open connection), then to the driver's {@link DomainEventObservers}
 * (through which the core's EventAdmin bridge sees every host, topic {@code io/jvirt/domain/<TYPE>}).
 * The core's connections only enqueue, and deliver to API listeners on their
 * {@code jvirt-events-N} threads in publishing order.
 */
public final class DomainEventBus extends ObjectEventBus<DomainEvent> {

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
        super(uri, observers == null ? null : observers::dispatch);
    }
}
