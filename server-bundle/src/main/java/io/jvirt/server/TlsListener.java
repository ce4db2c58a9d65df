package io.jvirt.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.core.kit.tls.TlsPeer;
import io.jvirt.core.kit.tls.TlsServerContext;

/**
 * libvirtd's {@code listen_tls}: a TCP port where each client first completes a TLS handshake and
 * libvirt's certificate checks (the kit's {@link TlsServerContext}), each on a thread of its own
 * within a deadline, at most {@code max_anonymous_clients} at a time, before it becomes a client
 * of the server with its certificate's DN as its identity.
 */
final class TlsListener implements NetworkListener {

    private static final Logger LOG = LoggerFactory.getLogger(TlsListener.class);
    private static final AtomicInteger HANDSHAKES = new AtomicInteger();

    private final TlsServerContext tls;
    private final ServerSocket server;
    private final Semaphore handshakeSlots;
    private final Duration handshakeTimeout;
    private final NetworkListener.Ready ready;
    private final Set<Socket> handshaking = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService deadlines;
    private final Thread acceptor;

    TlsListener(InetAddress address, int port, TlsServerContext tls, int maxHandshakes, Duration handshakeTimeout,
                NetworkListener.Ready ready) throws IOException {
        this.tls = tls;
        this.handshakeSlots = new Semaphore(maxHandshakes);
        this.handshakeTimeout = handshakeTimeout;
        this.ready = ready;
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
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
        LOG.info("listening with TLS on {} ({})", server.getLocalSocketAddress(),
            tls.verifiesClients() ? "client certificates checked" : "tls_no_verify_certificate: client certificates NOT checked");
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket raw;
            try {
                raw = server.accept();
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                LOG.warn("accepting on the TLS port failed: {}", e.getMessage());
                continue;
            }
            if (!handshakeSlots.tryAcquire()) {
                LOG.warn("refusing TLS client {}: max_anonymous_clients handshakes in progress", raw.getRemoteSocketAddress());
                closeQuietly(raw);
                continue;
            }
            Thread t = new Thread(() -> handshake(raw), "jvirt-rpc-tls-handshake-" + HANDSHAKES.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void handshake(Socket raw) {
        String from = raw.getInetAddress().getHostAddress() + ":" + raw.getPort();
        handshaking.add(raw);
        // a real deadline: a client that sends its handshake a byte at a time cannot stretch it
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(raw), handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            raw.setTcpNoDelay(true);
            TlsPeer peer = tls.handshake(raw);
            if (!deadline.cancel(false)) {
                throw new IOException("its handshake took more than " + handshakeTimeout.toSeconds() + " s");
            }
            ready.accept(ClientTransport.of(peer.socket(), raw), peer.describe() + " from " + from + " over TLS");
        } catch (IOException | RuntimeException e) {
            LOG.warn("refusing TLS client {}: {}", from, e.getMessage());
            closeQuietly(raw);
        } finally {
            deadline.cancel(false);
            handshaking.remove(raw);
            handshakeSlots.release();
        }
    }

    private static void closeQuietly(Socket s) {
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
        for (Socket s : List.copyOf(handshaking)) {
            closeQuietly(s);
        }
        deadlines.shutdownNow();
    }
}
