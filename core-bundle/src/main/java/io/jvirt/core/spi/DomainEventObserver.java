package io.jvirt.core.spi;

import org.osgi.annotation.versioning.ConsumerType;

import io.jvirt.api.DomainEvent;

/**
 * Receives every lifecycle event of every host of a driver, whether or not a client is connected
 * (the core's EventAdmin bridge is one): what {@link HypervisorDriver#observeDomainEvents} hands
 * them to. Called on the publishing driver's thread, usually inside the domain's job: an observer
 * only enqueues, and never throws.
 */
@ConsumerType
@FunctionalInterface
public interface DomainEventObserver {

    /**
     * @param uri   the URI of the host the event happened on ("qemu:///system"), "" when unknown
     * @param event the event
     */
    void onEvent(String uri, DomainEvent event);
}
