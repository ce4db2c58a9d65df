package io.jvirt.core.runtime;

import org.osgi.annotation.versioning.ProviderType;

import io.jvirt.core.spi.DomainEventObserver;

/**
 * Every lifecycle event of every driver the core knows, whether or not a client is connected: what
 * the core's EventAdmin bridge posts. The core's {@link ConnectorImpl} registers it as a service
 * beside {@code Connector}; it observes each driver through
 * {@link io.jvirt.core.spi.HypervisorDriver#observeDomainEvents} while the driver is registered.
 */
@ProviderType
public interface DomainEventSource {

    /** Adds an observer of every driver's events; closing the result removes it. */
    AutoCloseable addDomainEventObserver(DomainEventObserver observer);
}
