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
 * @param files    which files the client may make the driver read (a node file named in the URI,
 *                 files it names in calls): {@link UserFiles#ANY} for read-write connections, the
 *                 configured directory or nothing for read-only ones (since 0.4.0). A driver reads
 *                 every file a client names through it, never with {@code Files} directly.
 */
public record ConnectRequest(URI uri, boolean readOnly, ConnectAuth auth, UserFiles files) {

    public ConnectRequest {
        Objects.requireNonNull(uri, "uri");
        auth = auth == null ? ConnectAuth.NONE : auth;
        files = files == null ? UserFiles.forConnection(readOnly, UserFiles.NONE) : files;
    }

    /** A request without an authentication callback, as {@code Connector.open} makes. */
    public ConnectRequest(URI uri, boolean readOnly) {
        this(uri, readOnly, ConnectAuth.NONE);
    }

    /**
     * A request whose client may name any file when it may write and none when it is read-only
     * (the core's rule when no directory is configured).
     */
    public ConnectRequest(URI uri, boolean readOnly, ConnectAuth auth) {
        this(uri, readOnly, auth, null);
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
