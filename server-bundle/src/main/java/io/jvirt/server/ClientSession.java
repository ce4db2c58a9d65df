package io.jvirt.server;

import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.Connection;
import io.jvirt.api.Registration;
import io.jvirt.core.kit.rpc.RpcFraming;
import io.jvirt.core.kit.rpc.RpcLimits;
import io.jvirt.core.kit.rpc.RpcMessage;

/**
 * One client: its I/O ({@link ClientIo}, on the server's event loop), at most {@code max_client_requests} calls in progress on the server's workers, its output
 * not yet read by it (bounded), its jvirt connection once opened, its streams and event callbacks.
 */
final class ClientSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    /** Output a client has not read yet beyond which it is dropped (two maximal messages). */
    private static final long MAX_QUEUED_OUTPUT = 2L * RpcLimits.MAX_MESSAGE;
    static final String DISCONNECTED = "it disconnected";
    private static final String CLIENT_CLOSED = "it closed its connection";
    private static final AtomicLong IDS = new AtomicLong();

    private final RemoteServer server;
    private final ClientIo io;
    private final boolean readOnlySocket;
    private final String identity;
    private final long id = IDS.incrementAndGet();
    /** "client ID IDENTITY", how every log line names this client (with each change it makes). */
    private final String name;
    private final Semaphore inFlight;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** CONNECT_CLOSE was called: nothing more is taken, and the client ends once its reply is written. */
    private volatile boolean closeRequested;
    /** CONNECT_CLOSE's reply is queued: the client closes when its output is all written. */
    private volatile boolean closeWhenDrained;
    private final long connectedAt = System.nanoTime();
    private volatile long lastReceived = System.nanoTime();
    private volatile long lastPing;
    private volatile boolean keepalive;
    private volatile Connection connection;
    private volatile boolean opened;
    private final Map<Integer, Registration> callbacks = new ConcurrentHashMap<>();
    private final AtomicInteger nextCallback = new AtomicInteger();
    private final ClientStreams streams = new ClientStreams(this);
    /** Signalled as output drains, for streams that wait for room. */
    private final Object drained = new Object();
    private volatile int drainWaiters;

    /** A client on a socket channel (UNIX, plain TCP, TLS through its {@code wire}): served by the event loop. */
    ClientSession(RemoteServer server, RpcEventLoop loop, SocketChannel channel, ClientWire wire, boolean readOnlySocket,
                  String identity) {
        this.server = server;
        this.readOnlySocket = readOnlySocket;
        this.identity = identity;
        this.name = "client " + id + " " + identity;
        this.inFlight = new Semaphore(server.settings().maxClientRequests());
        this.io = new SelectorClientIo(loop, channel, wire, this);
    }

    void start() {
        io.start();
    }

    long id() {
        return id;
    }

    int maxMessage() {
        return server.settings().maxMessage();
    }

    /** The client's open streams. */
    ClientStreams streams() {
        return streams;
    }

    /** {@code max_client_requests}: also how many stream packets may wait for their stream. */
    int maxRequests() {
        return server.settings().maxClientRequests();
    }

    /**
     * Waits until at most {@code bytes} of output wait for the client (a stream sends its next
     * packet only then, as libvirtd sends one stream packet at a time).
     *
     * @return false when the client closed meanwhile
     */
    boolean awaitRoom(long bytes) throws InterruptedException {
        synchronized (drained) {
            drainWaiters++;
            try {
                while (queuedBytes.get() > bytes && !closed.get()) {
                    drained.wait(500);
                }
            } finally {
                drainWaiters--;
            }
        }
        return !closed.get();
    }

    /** The I/O wrote a frame of {@code bytes}. */
    void written(int bytes) {
        if (queuedBytes.addAndGet(-bytes) == 0 && closeWhenDrained) {
            close(CLIENT_CLOSED);
        }
        if (drainWaiters > 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /** A stream took a packet: a packet that waited for room may go now. */
    void streamRoom() {
        io.resume();
    }

    /** Who the client is, for the log: "uid=1000 (user) on ro socket". */
    String identity() {
        return identity;
    }

    boolean readOnlySocket() {
        return readOnlySocket;
    }

    Connection connection() {
        return connection;
    }

    void connection(Connection c) {
        if (c != null) {
            opened = true;
        }
        this.connection = c;
    }

    /**
     * Whether the client has opened a connection (it may have closed it since: CONNECT_CLOSE drops
     * the connection before its reply is written, and the handshake timeout must not close the
     * client in between).
     */
    boolean opened() {
        return opened;
    }

    Map<Integer, Registration> callbacks() {
        return callbacks;
    }

    int nextCallbackId() {
        return nextCallback.getAndIncrement();
    }

    void enableKeepalive() {
        keepalive = true;
    }

    boolean keepalive() {
        return keepalive;
    }

    long connectedAt() {
        return connectedAt;
    }

    long lastReceived() {
        return lastReceived;
    }

    long lastPing() {
        return lastPing;
    }

    void pinged(long now) {
        lastPing = now;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Queues a frame for the client; a client that lets too much output pile up unread is dropped. */
    void send(RpcMessage m) {
        if (closed.get()) {
            return;
        }
        byte[] frame = RpcFraming.encode(m);
        if (queuedBytes.addAndGet(frame.length) > MAX_QUEUED_OUTPUT) {
            close("it has not read " + queuedBytes.get() + " bytes of output");
            return;
        }
        io.write(frame);
    }

    /**
     * libvirt's {@code virNetServerClientDelayedClose} (CONNECT_CLOSE): the client's frames are no
     * longer taken, and it is closed once the reply of the current call is written, which ends its
     * streams and callbacks as a disconnection does.
     */
    void closeAfterReply() {
        closeRequested = true;
    }

    /** A call was answered: the client may have the next one taken. */
    void callDone() {
        if (closeRequested && !closeWhenDrained) {
            closeWhenDrained = true;
            if (queuedBytes.get() == 0) {
                close(CLIENT_CLOSED);
            }
        }
        inFlight.release();
        io.resume();
    }

    /**
     * Takes a frame from the client without waiting: a stream packet to its stream, keepalive at
     * once, a call to the workers.
     *
     * @return false when it cannot be taken now (the client's requests or the stream are full): the
     *         I/O keeps it, reads nothing more meanwhile, and offers it again after {@link ClientIo#resume}
     */
    boolean deliver(RpcMessage m) {
        lastReceived = System.nanoTime();
        if (closeRequested) {
            return true; // after CONNECT_CLOSE nothing more is read (libvirt stops reading the client)
        }
        if (ClientStreams.isStreamPacket(m)) {
            return streams.offer(m);
        }
        if (server.handleInline(this, m)) {
            return true;
        }
        // a call that needs no driver, of a client with nothing in progress (so that its replies
        // keep their order): answered here, without the hand-over to a worker and back
        if (inFlight.availablePermits() == maxRequests() && server.answerAtOnce(this, m)) {
            return true;
        }
        if (!inFlight.tryAcquire()) {
            return false;
        }
        if (!server.submit(this, m)) {
            inFlight.release();
            close("the server is stopping");
        }
        return true;
    }

    /** Drops the client: its socket, its callbacks and its connection. Idempotent. */
    void close(String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (DISCONNECTED.equals(why) || CLIENT_CLOSED.equals(why)) {
            // the ordinary end of every client: DEBUG, like its connect (see RemoteServer.accept)
            LOG.debug("client {} {}: closed because {}", id, identity, why);
        } else {
            LOG.info("client {} {}: closed because {}", id, identity, why);
        }
        io.close();
        synchronized (drained) {
            drained.notifyAll();
        }
        streams.closeAll("the client is gone");
        for (Registration r : callbacks.values()) {
            try {
                r.close();
            } catch (RuntimeException e) {
                LOG.debug("deregistering a callback of client {}", id, e);
            }
        }
        callbacks.clear();
        Connection c = connection;
        connection = null;
        if (c != null) {
            // a driver's close may take its time (a remote one talks to its server): never on the
            // event loop, which serves every other client meanwhile
            server.inBackground(() -> {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing the connection of client {}", id, e);
                }
            });
        }
        server.clientClosed(this);
    }

    @Override
    public String toString() {
        return name;
    }
}
