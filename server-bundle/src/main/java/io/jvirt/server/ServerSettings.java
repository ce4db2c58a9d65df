package io.jvirt.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the server listens and what it allows, with libvirtd's defaults (libvirtd.conf):
 * {@code max_clients} 5000, {@code max_workers} 20, {@code max_client_requests} 5,
 * {@code keepalive_interval} 5 s and {@code keepalive_count} 5.
 *
 * @param socket            the read-write socket; the read-only one is beside it with {@code -ro} appended
 * @param readOnlySocket    whether to listen on the read-only socket too
 * @param maxClients        clients connected at once; one more is closed at accept
 * @param maxWorkers        threads that run procedures, for all clients
 * @param maxClientRequests a client's calls in progress at once; the server reads no more of its
 *                          calls until one is answered
 * @param keepaliveInterval how often a client that asked for keepalive (feature 10) is pinged while silent
 * @param keepaliveCount    pings unanswered before that client is dropped
 * @param handshakeTimeout  how long a client may stay connected without opening a connection
 *                          (CONNECT_OPEN); a jvirt limit libvirtd has not, so that a client that
 *                          connects and sends nothing holds no slot for ever
 * @param maxMessage        the largest frame accepted (libvirt's 32 MiB at most)
 */
public record ServerSettings(Path socket, boolean readOnlySocket, int maxClients, int maxWorkers, int maxClientRequests,
                             Duration keepaliveInterval, int keepaliveCount, Duration handshakeTimeout, int maxMessage) {

    public ServerSettings {
        Objects.requireNonNull(socket, "socket");
        if (maxClients < 1 || maxWorkers < 1 || maxClientRequests < 1 || keepaliveCount < 1 || maxMessage < 28) {
            throw new IllegalArgumentException("limits must be positive");
        }
        Objects.requireNonNull(keepaliveInterval, "keepaliveInterval");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    }

    /** libvirtd's defaults for a socket. */
    public static ServerSettings defaults(Path socket) {
        return new ServerSettings(socket, true, 5000, 20, 5, Duration.ofSeconds(5), 5, Duration.ofSeconds(30),
            io.jvirt.core.kit.rpc.RpcLimits.MAX_MESSAGE);
    }

    public Path readOnlySocketPath() {
        return socket.resolveSibling(socket.getFileName() + "-ro");
    }

    public ServerSettings withHandshakeTimeout(Duration d) {
        return new ServerSettings(socket, readOnlySocket, maxClients, maxWorkers, maxClientRequests, keepaliveInterval,
            keepaliveCount, d, maxMessage);
    }

    public ServerSettings withKeepalive(Duration interval, int count) {
        return new ServerSettings(socket, readOnlySocket, maxClients, maxWorkers, maxClientRequests, interval, count,
            handshakeTimeout, maxMessage);
    }

    public ServerSettings withMaxClients(int n) {
        return new ServerSettings(socket, readOnlySocket, n, maxWorkers, maxClientRequests, keepaliveInterval,
            keepaliveCount, handshakeTimeout, maxMessage);
    }
}
