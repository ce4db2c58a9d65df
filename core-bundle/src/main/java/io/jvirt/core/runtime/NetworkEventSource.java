package io.jvirt.core.runtime;

import org.osgi.annotation.versioning.ProviderType;

import io.jvirt.core.spi.NetworkEventObserver;

/**
 * Every network lifecycle event of every driver the core knows, whether or not a client is
 * connected: what the core's EventAdmin bridge posts, as {@link DomainEventSource} for domains. The
 * core's {@link ConnectorImpl} registers it as a service; it observes each driver through
 * {@link io.jvirt.core.spi.HypervisorDriver#observeNetworkEvents} while the driver is registered.
 *
 * @since 1.1.0
 */
@ProviderType
public interface NetworkEventSource {

    /** Adds an observer of every driver's network events; closing the result removes it. */
    AutoCloseable addNetworkEventObserver(NetworkEventObserver observer);
}
