/**
 * The core itself: the {@code Connector} service ({@link io.jvirt.core.runtime.ConnectorImpl}, a
 * Declarative Services component), which routes URIs to drivers, wraps their connections in the
 * API's entry-point checks and feeds every driver's events to the core's observers
 * ({@link io.jvirt.core.runtime.DomainEventSource}); and
 * {@link io.jvirt.core.runtime.StandaloneConnector}, the same core without OSGi, for embedding and
 * tests. Everything else here is package-private.
 *
 * <p>1.2.0: {@link io.jvirt.core.runtime.StorageEventSource} (every driver's storage pool events)
 * and {@link io.jvirt.core.runtime.StandaloneConnector#withStorage} (storage drivers outside
 * OSGi); connections route storage calls to a {@link io.jvirt.core.spi.StorageDriver} as
 * they route network calls to a network driver.
 *
 * <p>1.3.0: {@link io.jvirt.core.runtime.ConnectionNames}: connection names the connector resolves
 * (the core's named connections), {@code ConnectorImpl.names} and {@code ConnectorImpl.open(Target, ...)}.
 */
@Export
@Version("1.4.0")
package io.jvirt.core.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
