package io.jvirt.core.spi;

import java.net.URI;
import java.util.Objects;

/**
 * What a client asked to open.
 *
 * @param uri      the parsed URI (after alias resolution)
 * @param readOnly whether the connection refuses changes; the core enforces it, a driver may use
 *                 it to take fewer resources
 */
public record ConnectRequest(URI uri, boolean readOnly) {

    public ConnectRequest {
        Objects.requireNonNull(uri, "uri");
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
