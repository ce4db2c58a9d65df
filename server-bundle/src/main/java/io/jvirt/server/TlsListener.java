package io.jvirt.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.core.kit.tls.TlsServerContext;

/**
 * libvirtd's {@code listen_tls}: a TCP port where each client first completes a TLS handshake and
 * libvirt's certificate checks (the kit's {@link TlsServerContext}) on the server's event loop
 * ({@link TlsHandshake}), within a deadline, at most {@code max_anonymous_clients} at a time,
 * before it becomes a client of the server on the same loop with its certificate's DN as its
 * identity. The port costs one accepting thread and one deadline thread, whatever the clients.
 */
final class TlsListener implements NetworkListener {

    private static final Logger LOG = LoggerFactory.getLogger(TlsListener.class);

    private final TlsServerContext tls;
    private final RpcEventLoop loop;
    private final Executor tasks;
    private final ServerSocketChannel server;
    private final Semaphore handshakeSlots;
    private final Duration handshakeTimeout;
    private final NetworkListener.Ready ready;
    private final Set<TlsHandshake> handshaking = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService deadlines;
    private final Thread acceptor;

    /**
     * @param loop  the loop the handshakes and then the clients run on
     * @param tasks where the handshakes' delegated tasks run (the server's workers)
     */
    TlsListener(InetAddress address, int port, TlsServerContext tls, RpcEventLoop loop, Executor tasks, int maxHandshakes,
                Duration handshakeTimeout, NetworkListener.Ready ready) throws IOException {
        this.tls = tls;
        this.loop = loop;
        this.tasks = tasks;
        this.handshakeSlots = new Semaphore(maxHandshakes);
        this.handshakeTimeout = handshakeTimeout;
        this.ready = ready;
        this.server = address == null ? ServerSocketChannel.open()
            : ServerSocketChannel.open(address instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(address, port), 50);
        } catch (IOException e) {
            server.close();
            throw new IOException("Failed to bind TLS socket to " + (address == null ? "*" : address.getHostAddress())
                + ":" + port + ": " + e.getMessage(), e);
        }
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jvirt-rpc-tls-deadlines");
            t.setDaemon(true);
            return t;
        });
        acceptor = new Thread(this::acceptLoop, "jvirt-rpc-accept-tls-" + port());
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("listening with TLS on {} ({})", server.socket().getLocalSocketAddress(),
            tls.verifiesClients() ? "client certificates checked" : "tls_no_verify_certificate: client certificates NOT checked");
    }

    @Override
    public int port() {
        return server.socket().getLocalPort();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("accepting on the TLS port failed: {}", e.getMessage());
                continue;
            }
            String from;
            try {
                InetSocketAddress peer = (InetSocketAddress) ch.getRemoteAddress();
                from = peer.getAddress().getHostAddress() + ":" + peer.getPort();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                LOG.warn("a TLS client vanished at accept: {}", e.getMessage());
                closeQuietly(ch);
                continue;
            }
            if (!handshakeSlots.tryAcquire()) {
                LOG.warn("refusing TLS client {}: max_anonymous_clients handshakes in progress", from);
                closeQuietly(ch);
                continue;
            }
            TlsHandshake h = new TlsHandshake(loop, ch, tls, tasks, from, new TlsHandshake.Outcome() {
                @Override
                public void passed(SocketChannel channel, ClientWire wire, String identity) {
                    ready.accept(channel, wire, identity);
                }

                @Override
                public void ended(TlsHandshake done) {
                    if (handshaking.remove(done)) {
                        ScheduledFuture<?> d = done.deadline();
                        if (d != null) {
                            d.cancel(false);
                        }
                        handshakeSlots.release();
                    }
                }
            });
            handshaking.add(h);
            // a real deadline: a client that sends its handshake a byte at a time cannot stretch it
            h.deadline(deadlines.schedule(() -> loop.execute(() -> h.fail("its handshake took more than "
                + handshakeTimeout.toSeconds() + " s")), handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS));
            h.start();
        }
    }

    private static void closeQuietly(SocketChannel s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing a TLS client", e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(5000);
        } catch (IOException e) {
            LOG.warn("closing the TLS port: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (TlsHandshake h : List.copyOf(handshaking)) {
            loop.execute(() -> h.fail("the server is stopping"));
        }
        deadlines.shutdownNow();
    }
}
