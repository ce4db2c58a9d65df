package io.jvirt.core.runtime;

import java.util.Optional;

import io.jvirt.api.ConnectAuth;
import io.jvirt.core.spi.ConnectRequest;

/**
 * Connection names the {@link ConnectorImpl} resolves before it asks a driver: the core's named
 * connections ({@code etc/io.jvirt.connection-NAME.cfg}). A name opens its target's URI with the
 * target's credentials, read-only flag and keepalive. {@code uri.aliases} of PID io.jvirt.core
 * win over a name, as they came first.
 *
 * @since 1.3.0
 */
@FunctionalInterface
public interface ConnectionNames {

    /**
     * What a name opens.
     *
     * @param uri       the URI (it may carry no password: credentials go through {@code auth})
     * @param readOnly  whether the connection must be read-only
     * @param auth      answers the driver's credential requests; {@link ConnectAuth#NONE} for none
     * @param keepalive the keepalive asked of the driver, or null for its own
     */
    record Target(String uri, boolean readOnly, ConnectAuth auth, ConnectRequest.Keepalive keepalive) {
        @Override
        public String toString() {
            // the callback holds a secret: never shown
            return "Target[" + UriPasswords.forDisplay(uri) + (readOnly ? ", read-only" : "") + "]";
        }
    }

    /** The target of {@code name}, if it is one. */
    Optional<Target> target(String name);

    /** {@code uri} as the core shows URIs: without the password of its user part. */
    static String withoutPassword(String uri) {
        return UriPasswords.forDisplay(uri);
    }
}
