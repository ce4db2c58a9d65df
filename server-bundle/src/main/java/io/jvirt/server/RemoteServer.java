package io.jvirt.server;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.Connector;
import io.jvirt.core.kit.rpc.MessageType;
import io.jvirt.core.kit.rpc.Program;
import io.jvirt.core.kit.rpc.ProtocolDescription;
import io.jvirt.core.kit.rpc.RpcMessage;

/**
 * libvirt's daemon side: the sockets, the clients, the bounded worker pool, keepalive, and
 * dispatch of libvirt's procedures to the jvirt API ({@link RemoteDispatcher}) through a
 * {@link Connector}. Embeddable ({@link #start}); in Karaf the {@link RemoteServerComponent} runs it.
 */
public final class RemoteServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteServer.class);

    private final ServerSettings settings;
    private final RemoteDispatcher dispatcher;
    private final Program keepaliveProgram = ProtocolDescription.libvirt().program("KEEPALIVE");
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService ticker;
    private final RpcEventLoop loop;
    private final Set<ClientSession> clients = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clientCount = new AtomicInteger();
    private final List<SocketListener> listeners = new ArrayList<>();
    private volatile NetworkListener tlsListener;
    private volatile NetworkListener tcpListener;
    private volatile boolean stopping;

    private RemoteServer(Connector connector, ServerSettings settings) throws IOException {
        this.settings = settings;
        this.dispatcher = new RemoteDispatcher(connector);
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(settings.maxWorkers(), settings.maxWorkers(), 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "jvirt-rpc-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        this.workers.allowCoreThreadTimeOut(true);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jvirt-rpc-keepalive");
            t.setDaemon(true);
            return t;
        });
        this.loop = new RpcEventLoop("jvirt-rpc-loop");
    }

    /** Starts listening on the settings' socket (and the read-only one beside it). */
    public static RemoteServer start(Connector connector, ServerSettings settings) throws IOException {
        return start(connector, settings, NetworkListenSettings.NONE);
    }

    /** Starts listening on the UNIX sockets and on the TLS and plain TCP ports {@code network} enables. */
    public static RemoteServer start(Connector connector, ServerSettings settings, NetworkListenSettings network) throws IOException {
        RemoteServer s = new RemoteServer(connector, settings);
        try {
            s.listeners.add(new SocketListener(settings.socket(), false, ch -> s.accept(ch, false)));
            if (settings.readOnlySocket()) {
                s.listeners.add(new SocketListener(settings.readOnlySocketPath(), true, ch -> s.accept(ch, true)));
            }
            NetworkListeners.start(s, network);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        long tick = Math.max(50, Math.min(1000, settings.keepaliveInterval().toMillis() / 2));
        s.ticker.scheduleWithFixedDelay(s::tick, tick, tick, TimeUnit.MILLISECONDS);
        return s;
    }

    ServerSettings settings() {
        return settings;
    }

    /** The event loop every client runs on. */
    RpcEventLoop loop() {
        return loop;
    }

    /** Clients connected now. */
    public int clientCount() {
        return clientCount.get();
    }

    /** The TLS port bound, or -1 without TLS. */
    public int tlsPort() {
        NetworkListener l = tlsListener;
        return l == null ? -1 : l.port();
    }

    /** The plain TCP port bound, or -1 without it. */
    public int tcpPort() {
        NetworkListener l = tcpListener;
        return l == null ? -1 : l.port();
    }

    /** The identities of the clients connected now, as the log names them (tests). */
    List<String> clientIdentities() {
        return clients.stream().map(ClientSession::identity).toList();
    }

    void networkListeners(NetworkListener tls, NetworkListener tcp) {
        this.tlsListener = tls;
        this.tcpListener = tcp;
    }

    private void accept(SocketChannel ch, boolean readOnly) {
        accept(ch, readOnly, PeerIdentity.of(ch) + (readOnly ? " on the read-only socket" : ""));
    }

    /** A UNIX or plain TCP client, served by the event loop. */
    void accept(SocketChannel ch, boolean readOnly, String who) {
        accept(ch, new PlainWire(ch), readOnly, who);
    }

    /** A client on the event loop, its bytes through {@code wire} (its socket's own, or a TLS session's). */
    void accept(SocketChannel ch, ClientWire wire, boolean readOnly, String who) {
        if (admit(who)) {
            started(new ClientSession(this, loop, ch, wire, readOnly, who));
        } else {
            try {
                wire.close();
            } catch (IOException e) {
                LOG.debug("closing a refused client", e);
            }
        }
    }

    /** Counts a new client in; false (logged) when the server is stopping or has max_clients. */
    private boolean admit(String who) {
        boolean full = false;
        if (!stopping && clientCount.incrementAndGet() > settings.maxClients()) {
            clientCount.decrementAndGet();
            full = true;
        }
        if (stopping || full) {
            LOG.warn("refusing client {}: {}", who, stopping ? "the server is stopping" : "max_clients (" + settings.maxClients() + ") reached");
            return false;
        }
        return true;
    }

    private void started(ClientSession c) {
        clients.add(c);
        // DEBUG, as libvirtd logs no client at its default level: in Karaf an INFO line costs about
        // 0.4 ms of CPU (pax-logging also posts it to EventAdmin), as much as the rest of an open.
        // What a client does is still logged: the connection it opens, every change it makes.
        LOG.debug("{} connected", c);
        c.start();
    }

    void clientClosed(ClientSession c) {
        if (clients.remove(c)) {
            clientCount.decrementAndGet();
        }
    }

    /** Keepalive answered as it arrives (on the event loop), never queued behind calls: a PING gets its PONG at once. */
    boolean handleInline(ClientSession c, RpcMessage m) {
        if (m.header().program() != keepaliveProgram.number()) {
            return false;
        }
        if (m.header().type() == MessageType.MESSAGE && m.header().procedure() == keepaliveProgram.procedure("PING").number()) {
            c.send(new RpcMessage(keepaliveProgram.message(keepaliveProgram.procedure("PONG")), new byte[0]));
        }
        return true;
    }

    /** Runs a task on a worker (on the caller's thread when the server is stopping). */
    void inBackground(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Answers a call that needs no driver at once, on the caller's thread; false when it is not such a call. */
    boolean answerAtOnce(ClientSession c, RpcMessage m) {
        if (!dispatcher.answersAtOnce(m.header())) {
            return false;
        }
        dispatcher.dispatch(c, m);
        return true;
    }

    boolean submit(ClientSession c, RpcMessage m) {
        try {
            workers.execute(() -> {
                try {
                    dispatcher.dispatch(c, m);
                } finally {
                    c.callDone();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Pings silent keepalive clients, drops dead ones and those that never opened a connection. */
    private void tick() {
        long now = System.nanoTime();
        long interval = settings.keepaliveInterval().toNanos();
        for (ClientSession c : clients) {
            try {
                if (!c.opened() && now - c.connectedAt() > settings.handshakeTimeout().toNanos()) {
                    c.close("it opened no connection within " + settings.handshakeTimeout().toSeconds() + " s");
                } else if (c.keepalive()) {
                    long silent = now - c.lastReceived();
                    if (silent > interval * (settings.keepaliveCount() + 1)) {
                        c.close("it answered no keepalive for " + TimeUnit.NANOSECONDS.toSeconds(silent) + " s");
                    } else if (silent > interval && now - c.lastPing() > interval) {
                        c.pinged(now);
                        c.send(new RpcMessage(keepaliveProgram.message(keepaliveProgram.procedure("PING")), new byte[0]));
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("keepalive of {}: {}", c, e.toString());
            }
        }
    }

    /** Stops listening, drops every client, stops the workers. */
    @Override
    public void close() {
        stopping = true;
        for (SocketListener l : listeners) {
            l.close();
        }
        for (NetworkListener l : new NetworkListener[] {tlsListener, tcpListener}) {
            if (l != null) {
                l.close();
            }
        }
        ticker.shutdownNow();
        for (ClientSession c : List.copyOf(clients)) {
            c.close("the server is stopping");
        }
        loop.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The event callbacks every client has registered (tests: a client's registration has landed). */
    int eventCallbacks() {
        int n = 0;
        for (ClientSession c : clients) {
            n += c.callbacks().size();
        }
        return n;
    }
}
