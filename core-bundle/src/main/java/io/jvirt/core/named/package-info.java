/**
 * Named connections (factory PID {@code io.jvirt.connection}, files
 * {@code etc/io.jvirt.connection-NAME.cfg}): configured connections the core keeps open,
 * reconnects with backoff when they drop, offers as {@code io.jvirt.api.Connection} services
 * ({@code name=NAME}, {@code uri=URI}) and lets the connector resolve by name. Private to the core;
 * clients see {@link io.jvirt.api.NamedConnections}.
 */
package io.jvirt.core.named;
