package io.jvirt.core.spi;

import java.net.URI;
import java.util.Objects;

import io.jvirt.api.ConnectAuth;

/**
 * What a client asked to open.
 *
 * @param uri      the parsed URI (after alias resolution)
 * @param readOnly whether the connection refuses changes; the core enforces it, a driver may use
 *                 it to take fewer resources
 * @param auth     how the driver may ask the client for credentials it cannot find in the URI or
 *                 libvirt's auth file; {@link ConnectAuth#NONE} (never null) when the client
 *                 offered no callback (since 0.2.0)
 */
public record ConnectRequest(URI uri, boolean readOnly, ConnectAuth auth) {

    public ConnectRequest {
        Objects.requireNonNull(uri, "uri");
        auth = auth == null ? ConnectAuth.NONE : auth;
    }

    /** A request without an authentication callback, as {@code Connector.open} makes. */
    public ConnectRequest(URI uri, boolean readOnly) {
        this(uri, readOnly, ConnectAuth.NONE);
    }

    /** The URI scheme in lower case ("test"), or "" for a scheme-less URI. */
    public String scheme() {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    }

    /** The URI's path, "" when it has none. */
    public String path() {
        return uri.getPath() == null ? "" : uri.getPath();
    }
}
