package io.jvirt.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The configured (named) connections of this installation: one per {@code etc/io.jvirt.connection-NAME.cfg}
 * (factory PID {@code io.jvirt.connection}). Each is kept open by the core, reopened with backoff
 * when it drops, and is also an OSGi {@link Connection} service with the properties
 * {@code name=NAME} and {@code uri=URI} (the URI as {@link NamedConnectionInfo#uri()} shows it).
 * A name is also an alias for {@link Connector#open(String)} ({@code virt:connect NAME}): a
 * connection of one's own to the same URI with the same credentials.
 *
 * <p>Nothing here ever carries a secret: URIs come without their password, credentials are
 * only named.
 *
 * @since 0.8.0
 */
@ProviderType
public interface NamedConnections {

    /** The configured connections, sorted by name. */
    List<NamedConnectionInfo> list();

    /** The state of one named connection, if it is configured. */
    Optional<NamedConnectionInfo> info(String name);

    /**
     * The named connection itself: a handle that stays valid across reconnects (its calls go to
     * the connection open now, and fail with the last connection error while there is none;
     * its whole-connection event and close listeners are carried over to every new
     * connection). Closing the handle ends only the handle, never the named connection.
     *
     * @throws VirtException NO_CONNECT when no connection of that name is configured
     */
    Connection connection(String name);
}
