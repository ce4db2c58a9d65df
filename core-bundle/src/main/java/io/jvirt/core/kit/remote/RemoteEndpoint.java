package io.jvirt.core.kit.remote;

import java.util.Objects;

/**
 * The server a remote driver is about to talk to, as {@link RemoteAccessPolicy} and
 * {@link RemoteCredentials} see it.
 *
 * @param service the auth-file service name (libvirt's: "esx", "gsx", "vpx", "hyperv", "ssh", ...)
 * @param host    the server's host name or address as the URI gives it, IPv6 without brackets
 * @param port    the port actually connected to (the scheme's default when the URI has none)
 * @since 0.4.0
 */
public record RemoteEndpoint(String service, String host, int port) {

    public RemoteEndpoint {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(host, "host");
        if (host.length() > 1 && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /** "host:port", "[v6]:port" for IPv6: how messages name the server. */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
