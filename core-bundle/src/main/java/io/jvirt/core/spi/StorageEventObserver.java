package io.jvirt.core.spi;

import org.osgi.annotation.versioning.ConsumerType;

import io.jvirt.api.StoragePoolEvent;

/**
 * Receives every storage pool event (lifecycle and refresh) of every host of a driver, whether or
 * not a client is connected (the core's EventAdmin bridge is one): what
 * {@link StorageDriver#observeStoragePoolEvents} and {@link HypervisorDriver#observeStoragePoolEvents}
 * hand them to. Called on the publishing driver's thread: an observer only enqueues, and never throws.
 *
 * @since 1.2.0
 */
@ConsumerType
@FunctionalInterface
public interface StorageEventObserver {

    /**
     * @param uri   the URI of the host the event happened on ("qemu:///system"), "" when unknown
     * @param event the event
     */
    void onEvent(String uri, StoragePoolEvent event);
}
