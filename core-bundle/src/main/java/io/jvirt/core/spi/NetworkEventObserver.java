package io.jvirt.core.spi;

import org.osgi.annotation.versioning.ConsumerType;

import io.jvirt.api.NetworkEvent;

/**
 * Receives every network lifecycle event of every host of a driver, whether or not a client is
 * connected (the core's EventAdmin bridge is one): what {@link HypervisorDriver#observeNetworkEvents}
 * hands them to. Called on the publishing driver's thread: an observer only enqueues, and never throws.
 *
 * @since 1.1.0
 */
@ConsumerType
@FunctionalInterface
public interface NetworkEventObserver {

    /**
     * @param uri   the URI of the host the event happened on ("test:///default"), "" when unknown
     * @param event the event
     */
    void onEvent(String uri, NetworkEvent event);
}
