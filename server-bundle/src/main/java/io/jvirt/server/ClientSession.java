package io.jvirt.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.Connection;
import io.jvirt.api.Registration;
import io.jvirt.core.kit.rpc.RpcFraming;
import io.jvirt.core.kit.rpc.RpcMessage;

/**
 * One client on a socket: its reader thread (frames in, calls handed to the server's workers, at
 * most {@code max_client_requests} in progress), its writer thread (replies and events out, in
 * order, so that a client that stops reading blocks only itself), its jvirt connection once opened,
 * and its event callbacks.
 */
final class ClientSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    /** Output a client has not read yet beyond which it is dropped (two maximal messages). */
    private static final long MAX_QUEUED_OUTPUT = 2L * io.jvirt.core.kit.rpc.RpcLimits.MAX_MESSAGE;
    private static final byte[] CLOSE = new byte[0];
    /** Queued after CONNECT_CLOSE's reply: the writer closes the client once that reply is out. */
    private static final byte[] CLOSE_AFTER_REPLY = new byte[0];
    private static final String DISCONNECTED = "it disconnected";
    private static final String CLIENT_CLOSED = "it closed its connection";
    private static final AtomicLong IDS = new AtomicLong();

    private final RemoteServer server;
    private final ClientTransport channel;
    private final boolean readOnlySocket;
    private final String identity;
    private final long id = IDS.incrementAndGet();
    private final Semaphore inFlight;
    private final LinkedBlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** CONNECT_CLOSE was called: nothing more is read, and the client ends after its reply. */
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closeRequested;
    private final long connectedAt = System.nanoTime();
    private volatile long lastReceived = System.nanoTime();
    private volatile long lastPing;
    private volatile boolean keepalive;
    private volatile Connection connection;
    private final Map<Integer, Registration> callbacks = new ConcurrentHashMap<>();
    private final AtomicInteger nextCallback = new AtomicInteger();
    private final ClientStreams streams = new ClientStreams(this);
    /** Signalled by the writer as output drains, for streams that wait for room. */
    private final Object drained = new Object();
    private Thread reader;
    private Thread writer;

    ClientSession(RemoteServer server, ClientTransport channel, boolean readOnlySocket, String identity) {
        this.server = server;
        this.channel = channel;
        this.readOnlySocket = readOnlySocket;
        this.identity = identity;
        this.inFlight = new Semaphore(server.settings().maxClientRequests());
    }

    void start() {
        reader = new Thread(null, this::readLoop, "jvirt-rpc-client-" + id + "-reader", 256 * 1024);
        writer = new Thread(null, this::writeLoop, "jvirt-rpc-client-" + id + "-writer", 256 * 1024);
        reader.setDaemon(true);
        writer.setDaemon(true);
        writer.start();
        reader.start();
    }

    long id() {
        return id;
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
            while (queuedBytes.get() > bytes && !closed.get()) {
                drained.wait(500);
            }
        }
        return !closed.get();
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
        this.connection = c;
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

    /** Queues a frame for the writer; a client that lets too much output pile up unread is dropped. */
    void send(RpcMessage m) {
        if (closed.get()) {
            return;
        }
        byte[] frame = RpcFraming.encode(m);
        if (queuedBytes.addAndGet(frame.length) > MAX_QUEUED_OUTPUT) {
            close("it has not read " + queuedBytes.get() + " bytes of output");
            return;
        }
        output.add(frame);
    }

    /**
     * libvirt's {@code virNetServerClientDelayedClose} (CONNECT_CLOSE): the client reads no more
     * calls and is closed once the reply of the current call is written, which ends its streams
     * and callbacks as a disconnection does.
     */
    void closeAfterReply() {
        closeRequested = true;
    }

    /** A call was answered (its reply queued): the reader may take the next one. */
    void callDone() {
        if (closeRequested && closing.compareAndSet(false, true)) {
            output.add(CLOSE_AFTER_REPLY);
        }
        inFlight.release();
    }

    private void readLoop() {
        InputStream in = new ChannelInput(channel);
        try {
            while (!closed.get() && !closeRequested) {
                RpcMessage m = RpcFraming.read(in, server.settings().maxMessage());
                if (m == null) {
                    close(DISCONNECTED);
                    return;
                }
                lastReceived = System.nanoTime();
                if (ClientStreams.isStreamPacket(m)) {
                    streams.incoming(m); // may wait: a stream's full queue stops reading (flow control)
                    continue;
                }
                if (server.handleInline(this, m)) {
                    continue;
                }
                inFlight.acquire();
                if (!server.submit(this, m)) {
                    inFlight.release();
                    close("the server is stopping");
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close("interrupted");
        } catch (IOException e) {
            close(closed.get() ? "closed" : "its socket failed: " + e.getMessage());
        } catch (RuntimeException e) {
            // a frame over the cap, an unknown type or status: nothing after it can be trusted
            close("it broke the protocol: " + e.getMessage());
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                byte[] frame = output.take();
                if (frame == CLOSE) {
                    return;
                }
                if (frame == CLOSE_AFTER_REPLY) {
                    close(CLIENT_CLOSED);
                    return;
                }
                channel.write(frame);
                queuedBytes.addAndGet(-frame.length);
                synchronized (drained) {
                    drained.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            close("writing to it failed: " + e.getMessage());
        }
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
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing client {}", id, e);
        }
        output.clear();
        output.add(CLOSE);
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
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the connection of client {}", id, e);
            }
        }
        server.clientClosed(this);
    }

    /** Waits for both threads to end (tests and server stop). */
    void join(long millis) throws InterruptedException {
        if (reader != null) {
            reader.join(millis);
        }
        if (writer != null) {
            writer.join(millis);
        }
    }

    @Override
    public String toString() {
        return "client " + id + " " + identity;
    }

    /** The transport as the framing's input stream. */
    private static final class ChannelInput extends InputStream {
        private final ClientTransport ch;

        ChannelInput(ClientTransport ch) {
            this.ch = ch;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ch.read(b, off, len);
        }
    }
}
