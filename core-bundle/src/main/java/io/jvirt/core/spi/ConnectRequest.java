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
 * @param keepalive the keepalive a client asked for (a named connection's {@code keepalive.*}),
 *                 or null for the driver's own setting; drivers without keepalive ignore it (since 1.4.0)
 * @param administered the URI is the administrator's (a named connection's {@code uri}), not one a
 *                 client typed: rules that limit where a read-only client may make jvirt, running as
 *                 root, connect (a remote driver's {@code readonly.hosts}, a UNIX socket's name) do
 *                 not apply to it (since 1.5.0)
 */
public record ConnectRequest(URI uri, boolean readOnly, ConnectAuth auth, UserFiles files, Keepalive keepalive,
                             boolean administered) {

    /**
     * A client's keepalive (virsh's {@code -k} and {@code -K}).
     *
     * @param interval silence before a PING; zero: no keepalive from the client
     * @param count    unanswered PINGs before the connection is given up
     * @since 1.4.0
     */
    public record Keepalive(java.time.Duration interval, int count) {
        public Keepalive {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || count < 0) {
                throw new IllegalArgumentException("keepalive interval and count must not be negative");
            }
        }
    }

    public ConnectRequest {
        Objects.requireNonNull(uri, "uri");
        auth = auth == null ? ConnectAuth.NONE : auth;
        files = files == null ? UserFiles.forConnection(readOnly, UserFiles.NONE) : files;
    }

    /** A request whose URI a client typed (before 1.5.0, every request). */
    public ConnectRequest(URI uri, boolean readOnly, ConnectAuth auth, UserFiles files, Keepalive keepalive) {
        this(uri, readOnly, auth, files, keepalive, false);
    }

    /** A request with the driver's own keepalive (what {@code Connector.open} makes). */
    public ConnectRequest(URI uri, boolean readOnly, ConnectAuth auth, UserFiles files) {
        this(uri, readOnly, auth, files, null, false);
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
