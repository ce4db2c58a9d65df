package io.jvirt.core.runtime;

import org.osgi.annotation.versioning.ProviderType;

import io.jvirt.core.spi.StorageEventObserver;

/**
 * Every storage pool event (lifecycle and refresh) of every driver the core knows, whether or not a client is
 * connected: what the core's EventAdmin bridge posts, as {@link DomainEventSource} for domains. The
 * core's {@link ConnectorImpl} registers it as a service; it observes each driver through
 * {@link io.jvirt.core.spi.HypervisorDriver#observeStoragePoolEvents} and
 * {@link io.jvirt.core.spi.StorageDriver#observeStoragePoolEvents} while the driver is registered.
 *
 * @since 1.2.0
 */
@ProviderType
public interface StorageEventSource {

    /** Adds an observer of every driver's storage pool events; closing the result removes it. */
    AutoCloseable addStorageEventObserver(StorageEventObserver observer);
}
