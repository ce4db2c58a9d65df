/**
 * The core itself: the {@code Connector} service ({@link io.jvirt.core.runtime.ConnectorImpl}, a
 * Declarative Services component), which routes URIs to drivers, wraps their connections in the
 * API's entry-point checks and feeds every driver's events to the core's observers
 * ({@link io.jvirt.core.runtime.DomainEventSource}); and
 * {@link io.jvirt.core.runtime.StandaloneConnector}, the same core without OSGi, for embedding and
 * tests. Everything else here is package-private.
 */
@Export
@Version("1.1.0")
package io.jvirt.core.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
