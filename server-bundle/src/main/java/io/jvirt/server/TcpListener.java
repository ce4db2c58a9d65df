package io.jvirt.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirtd's {@code listen_tcp} with {@code auth_tcp = "none"}: plain, unauthenticated,
 * unencrypted TCP. Whoever reaches the port may do everything a read-write UNIX socket allows, so
 * it is off unless enabled and bound to loopback unless an address is configured; a non-loopback
 * address is warned about in the log.
 */
final class TcpListener implements NetworkListener {

    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);

    private final ServerSocketChannel server;
    private final Thread acceptor;

    /** Where the listener hands a connected client's channel (served on the event loop). */
    interface Ready {
        void accept(SocketChannel channel, String identity);
    }

    TcpListener(InetAddress address, int port, Ready ready) throws IOException {
        server = ServerSocketChannel.open(address instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(address, port), 50);
        } catch (IOException e) {
            server.close();
            throw new IOException("Failed to bind TCP socket to " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
        acceptor = new Thread(() -> acceptLoop(ready), "jvirt-rpc-accept-tcp-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
        if (address.isLoopbackAddress()) {
            LOG.info("listening on plain TCP {} (no authentication, loopback only)", server.socket().getLocalSocketAddress());
        } else {
            LOG.warn("listening on plain TCP {} with NO authentication and NO encryption: anyone who reaches it"
                + " controls every domain; use TLS (listen.tls) for remote access", server.socket().getLocalSocketAddress());
        }
    }

    @Override
    public int port() {
        return server.socket().getLocalPort();
    }

    private void acceptLoop(Ready ready) {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("accepting on the TCP port failed: {}", e.getMessage());
                continue;
            }
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetSocketAddress from = (InetSocketAddress) ch.getRemoteAddress();
                ready.accept(ch, "tcp " + from.getAddress().getHostAddress() + ":" + from.getPort()
                    + " (unauthenticated)");
            } catch (IOException e) {
                LOG.warn("a TCP client vanished at accept: {}", e.getMessage());
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // gone already
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(5000);
        } catch (IOException e) {
            LOG.warn("closing the TCP port: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
