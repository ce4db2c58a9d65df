package io.jvirt.core.kit.rpc;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.CloseListener;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The client half of libvirt's protocol (libvirt's {@code virNetClient} with its programs and
 * keepalive): calls with serials matched to their replies, the replies' errors as
 * {@link VirtException}s with the remote side's code, domain and message (and the client-side
 * rewrites libvirt's {@code virNetClientProgramDispatchError} makes), event messages handed to
 * their handlers in order on a thread of their own, PINGs from the peer answered with PONGs, and
 * the client's own keepalive ({@link #startKeepAlive}). Every call waits at most its timeout.
 *
 * <p>Who reads the socket: over a {@link ChannelTransport} (UNIX socket, TCP) as libvirt's client
 * does (virNetClientIOEventLoop's "buck passing"): a caller waiting for its reply reads the socket
 * itself when no other thread is reading it, handing on whatever else comes (other callers' replies,
 * events, PINGs), and while no caller reads, one selector thread shared by every such client watches
 * the socket (events, keepalive, the peer's end). No thread is started per connection. Over other
 * transports (TLS, SSH: streams only) a reader thread of the client's own reads every message and
 * hands each reply to its caller.
 *
 * <p>Once the stream ends, fails or the keepalive gives up, the client is closed: calls in flight
 * fail with the reason ("End of file while reading data", "connection closed due to keepalive
 * timeout") and every later call with libvirt's "internal error: client socket is closed"; the
 * close listeners are told why, once ({@link CloseListener.Reason}).
 *
 * @since 1.1.0
 */
public final class RpcClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    /** One thread for every client's keepalive ticks: they only look at a clock and maybe write a PING. */
    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jvirt-rpc-client-keepalive");
        t.setDaemon(true);
        return t;
    });

    private final RpcTransport transport;
    private final Duration callTimeout;
    private final Program remote;
    private final Program keepalive;
    private final AtomicInteger serials = new AtomicInteger();
    private final Map<Integer, CompletableFuture<RpcMessage>> pending = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<XdrStruct>> eventHandlers = new ConcurrentHashMap<>();
    private final Map<Integer, RpcClientStream> streams = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<CloseListener.Reason>> closeListeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ExecutorService events;
    /** The reader thread of a stream transport; null over a channel (callers and the shared selector read). */
    private final Thread reader;
    /** The transport's channel, non-blocking, when callers read their own replies; else null. */
    private final SocketChannel channel;
    /** Held by the thread reading {@link #channel} (a caller, or the shared selector's thread for an idle client). */
    private final ReentrantLock ioLock = new ReentrantLock();
    /** The selector the caller holding {@link #ioLock} waits on (this client's channel alone), opened on first need. */
    private Selector own;
    /** The channel's key with the shared selector: OP_READ while no caller reads, 0 while one does. */
    private volatile SelectionKey sharedKey;
    /** Bytes read from {@link #channel} and not yet a whole frame (write mode between reads). */
    private ByteBuffer inbuf = ByteBuffer.allocate(IN_BUFFER);
    private final Object closing = new Object();
    private volatile CloseListener.Reason closedBecause;
    /** What closed the client (set with {@link #closedBecause}, before it): what a stream opened in the meantime fails with. */
    private volatile VirtException closeFailure;
    private volatile long lastReceived = System.nanoTime();
    private volatile int countToDeath;
    private volatile int keepaliveCount;
    private volatile long lastPing = System.nanoTime();
    private volatile ScheduledFuture<?> keepaliveTask;

    /** The read buffer's usual size; a larger frame gets one of its size while it comes. */
    private static final int IN_BUFFER = 16 * 1024;

    private RpcClient(RpcTransport transport, Duration callTimeout, ProtocolDescription protocol) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        this.remote = protocol.program("REMOTE");
        this.keepalive = protocol.program("KEEPALIVE");
        int n = CLIENTS.incrementAndGet();
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jvirt-rpc-client-events-" + n);
            t.setDaemon(true);
            return t;
        });
        if (transport instanceof ChannelTransport ct && selectable(ct.channel())) {
            this.channel = ct.channel();
            this.reader = null;
        } else {
            this.channel = null;
            this.reader = new Thread(this::readLoop, "jvirt-rpc-client-" + n);
            this.reader.setDaemon(true);
        }
    }

    /** Puts {@code ch} in non-blocking mode; false when it cannot be (then a reader thread reads it). */
    private static boolean selectable(SocketChannel ch) {
        try {
            ch.configureBlocking(false);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A client on {@code transport} (which it now owns), reading from it at once. */
    public static RpcClient start(RpcTransport transport, Duration callTimeout) {
        RpcClient c = new RpcClient(transport, callTimeout, ProtocolDescription.libvirt());
        if (c.reader != null) {
            c.reader.start();
        } else {
            c.watch();
        }
        return c;
    }

    /** The REMOTE program's procedure of that name ("CONNECT_OPEN"). */
    public Procedure procedure(String name) {
        return remote.procedure(name);
    }

    /** Calls a REMOTE procedure by name with the call timeout; null args for void. */
    public XdrStruct call(String procedure, XdrStruct args) {
        return call(remote.procedure(procedure), args, callTimeout);
    }

    /**
     * Calls {@code p} and waits for its reply at most {@code timeout}.
     *
     * @return the reply's structure (an empty one for void)
     * @throws VirtException the remote error, a closed client, or OPERATION_TIMEOUT
     */
    public XdrStruct call(Procedure p, XdrStruct args, Duration timeout) {
        requireOpen();
        byte[] payload = p.encodeArgs(args);
        int serial = serials.incrementAndGet();
        CompletableFuture<RpcMessage> reply = new CompletableFuture<>();
        pending.put(serial, reply);
        try {
            return sendAndAwait(p, new RpcMessage(p.program().call(p, serial), payload), reply, timeout);
        } finally {
            pending.remove(serial);
        }
    }

    /**
     * Sends a call whose reply future is registered and waits for that reply: the remote error
     * raised as libvirt's client raises it, the reply's structure returned.
     */
    private XdrStruct sendAndAwait(Procedure p, RpcMessage call, CompletableFuture<RpcMessage> reply, Duration timeout) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            send(call);
            RpcMessage m = await(reply, deadline);
            if (m.header().status() == MessageStatus.ERROR) {
                throw dispatchError(RemoteError.decode(m.payload()));
            }
            return p.decodeRet(m.payload());
        } catch (TimeoutException e) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.RPC,
                "no reply to " + p + " from " + transport.describe() + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "interrupted while waiting for " + p);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof VirtException v ? v
                : new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, String.valueOf(e.getCause()), e.getCause());
        } catch (RpcProtocolException e) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "Unable to decode message payload: " + e.getMessage(), e);
        }
    }

    /**
     * Calls {@code p}, which opens a stream (volume upload or download), and returns the stream
     * once the call succeeded; its packets are taken from the moment the call is sent.
     *
     * @param timeout bounds the reply and every later wait on the stream
     * @param sparse  whether the call asked for a sparse stream (holes may come)
     * @throws VirtException the call's error (the stream is then gone), a closed client, OPERATION_TIMEOUT
     * @since 1.2.0
     */
    public RpcClientStream openStream(Procedure p, XdrStruct args, Duration timeout, boolean sparse) {
        return openStream(p, args, timeout, sparse, false);
    }

    /** {@link #openStream(Procedure, XdrStruct, Duration, boolean)} by name, bounded by the call timeout. */
    public RpcClientStream openStream(String procedure, XdrStruct args, boolean sparse) {
        return openStream(remote.procedure(procedure), args, callTimeout, sparse, false);
    }

    /**
     * Calls {@code procedure}, which opens a stream both ends use at once for as long as they like
     * (a console: REMOTE_PROC_DOMAIN_OPEN_CONSOLE), and returns the stream once the call succeeded.
     * Its reads wait for the far side without a deadline (the keepalive finds a dead connection);
     * the reply and the finish wait at most the call timeout. See {@link RpcClientStream}.
     *
     * @throws VirtException the call's error (the stream is then gone), a closed client, OPERATION_TIMEOUT
     * @since 1.3.0
     */
    public RpcClientStream openInteractiveStream(String procedure, XdrStruct args) {
        return openStream(remote.procedure(procedure), args, callTimeout, false, true);
    }

    private RpcClientStream openStream(Procedure p, XdrStruct args, Duration timeout, boolean sparse, boolean interactive) {
        requireOpen();
        byte[] payload = p.encodeArgs(args);
        int serial = serials.incrementAndGet();
        RpcHeader call = p.program().call(p, serial);
        RpcClientStream stream = new RpcClientStream(this, new RpcStream(call, sparse), timeout, interactive);
        CompletableFuture<RpcMessage> reply = new CompletableFuture<>();
        streams.put(serial, stream);
        pending.put(serial, reply);
        boolean opened = false;
        try {
            sendAndAwait(p, new RpcMessage(call, payload), reply, timeout);
            opened = true;
            if (closedBecause != null) {
                // closed between the reply and now: markClosed may have run before the stream was
                // visible; the stream gets what closed the client (a broken frame wins over "closed")
                VirtException why = closeFailure;
                stream.fail(why != null ? why : socketClosed(), false);
            }
            return stream;
        } finally {
            pending.remove(serial);
            if (!opened) {
                streams.remove(serial);
            }
        }
    }

    /** A packet of an open stream, in order with everything else this client writes. */
    void sendStreamPacket(RpcMessage m) {
        send(m);
    }

    void streamEnded(RpcClientStream s) {
        streams.remove(s.serial(), s);
    }

    /**
     * Hands every event message of {@code event} (a REMOTE event procedure) to {@code handler}, in
     * the order they came, on the client's event thread (from which it may make calls).
     */
    public void onEvent(Procedure event, Consumer<XdrStruct> handler) {
        eventHandlers.put(key(event.program().number(), event.number()), handler);
    }

    /** Tells {@code listener} why the client closed, once (at once when it is closed already). */
    public AutoCloseable onClose(Consumer<CloseListener.Reason> listener) {
        closeListeners.add(listener);
        CloseListener.Reason r = closedBecause;
        if (r != null && closeListeners.remove(listener)) {
            events.execute(() -> listener.accept(r));
        }
        return () -> closeListeners.remove(listener);
    }

    /**
     * libvirt's virNetClientKeepAliveStart: after {@code interval} without anything from the peer
     * a PING is sent, and after {@code count} unanswered ones the connection is closed (reason
     * KEEPALIVE, "connection closed due to keepalive timeout"). Anything the peer sends counts as
     * an answer (virKeepAliveCheckMessage).
     */
    public void startKeepAlive(Duration interval, int count) {
        if (interval.isZero() || interval.isNegative() || count < 0) {
            throw new IllegalArgumentException("keepalive interval must be positive and count not negative");
        }
        keepaliveCount = count;
        countToDeath = count;
        long now = System.nanoTime();
        lastReceived = now;
        lastPing = now;
        long ms = interval.toMillis();
        ScheduledFuture<?> old = keepaliveTask;
        if (old != null) {
            old.cancel(false);
        }
        keepaliveTask = TICKER.scheduleWithFixedDelay(() -> keepaliveTick(interval.toNanos()), Math.max(10, ms / 4),
            Math.max(10, ms / 4), TimeUnit.MILLISECONDS);
    }

    /** libvirt's virKeepAliveTimerInternal, looked at a few times per interval. */
    private void keepaliveTick(long intervalNanos) {
        if (closedBecause != null) {
            return;
        }
        long now = System.nanoTime();
        if (now - Math.max(lastReceived, lastPing) < intervalNanos) {
            return;
        }
        if (countToDeath <= 0) {
            markClosed(CloseListener.Reason.KEEPALIVE,
                new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "connection closed due to keepalive timeout"));
            return;
        }
        countToDeath--;
        lastPing = now;
        Procedure ping = keepalive.procedure("PING");
        // a write that holds the lock is traffic already; never wait behind it on the shared ticker
        if (writeLock.tryLock()) {
            try {
                RpcFraming.write(transport.output(), new RpcMessage(keepalive.message(ping), new byte[0]));
            } catch (IOException | RuntimeException e) {
                markClosed(CloseListener.Reason.ERROR, socketError(e));
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Whether the connection is still up (libvirt's virNetClientIsOpen). */
    public boolean isOpen() {
        return closedBecause == null;
    }

    public boolean isSecure() {
        return transport.isSecure();
    }

    public boolean isEncrypted() {
        return transport.isEncrypted();
    }

    public String describe() {
        return transport.describe();
    }

    /** Closes the connection (reason CLIENT); calls after it fail with "client socket is closed". */
    @Override
    public void close() {
        markClosed(CloseListener.Reason.CLIENT, null);
    }

    // ---- internals ----

    private void requireOpen() {
        if (closedBecause != null) {
            throw socketClosed();
        }
    }

    /** libvirt's virNetClientSendInternal on a closed client. */
    public static VirtException socketClosed() {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "client socket is closed");
    }

    private void send(RpcMessage m) {
        writeLock.lock();
        try {
            requireOpen();
            RpcFraming.write(transport.output(), m);
        } catch (IOException e) {
            VirtException v = socketError(e);
            markClosed(CloseListener.Reason.ERROR, v);
            throw v;
        } finally {
            writeLock.unlock();
        }
    }

    private static VirtException socketError(Exception e) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC, "Cannot write data: " + e.getMessage(), e);
    }

    // ---- who reads: the caller itself, the shared selector, or the reader thread ----

    /**
     * Waits for {@code reply} until {@code deadline}. Over a channel the caller reads the socket
     * itself while no other thread does (libvirt's buck passing: one thread wake-up per round trip,
     * the kernel's, instead of a reader's and then the caller's); else its reply is handed to it by
     * whoever reads (another caller, the shared selector's thread, the reader thread).
     */
    private RpcMessage await(CompletableFuture<RpcMessage> reply, long deadline)
        throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            if (reply.isDone()) {
                return reply.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            if (channel == null || closedBecause != null || !ioLock.tryLock()) {
                // the reader thread, or the thread that holds the socket now, completes the reply; a caller
                // that reads gives the socket back to the shared selector when it is done, which reads on;
                // a closed client fails every reply
                return reply.get(left, TimeUnit.NANOSECONDS);
            }
            boolean read;
            try {
                read = readUntil(reply, deadline);
            } finally {
                ioLock.unlock();
                // other callers of this client wait for their replies (or a stream for its packets): the shared
                // selector reads on for them at once; else it takes the socket back within ARM_POLL_MS
                arm(pending.size() > 1 || !streams.isEmpty());
            }
            if (!read) {
                // no selector to wait on (out of descriptors): the shared selector reads for this caller
                return reply.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * Reads the socket (holding {@link #ioLock}) until {@code reply} is done, the deadline passes or
     * the client closes; false when there is no selector to wait on.
     */
    private boolean readUntil(CompletableFuture<RpcMessage> reply, long deadline) throws InterruptedException {
        Selector s;
        try {
            s = ownSelector();
        } catch (IOException e) {
            LOG.debug("no selector for {}: {}", transport.describe(), e.getMessage());
            return false;
        } catch (ClosedSelectorException e) {
            return true; // closed meanwhile: markClosed fails the reply
        }
        disarm();
        try {
            while (!reply.isDone() && closedBecause == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                s.selectedKeys().clear();
                s.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
                if (Thread.interrupted()) {
                    // a channel read by an interrupted thread would close it: end before reading
                    throw new InterruptedException();
                }
                readAvailable();
            }
        } catch (ClosedSelectorException e) {
            // closed meanwhile: markClosed fails the reply
        } catch (IOException e) {
            LOG.debug("waiting on the selector of {}: {}", transport.describe(), e.getMessage());
            return false;
        }
        return true;
    }

    /** This client's own selector (its channel alone), opened at the first call that reads. */
    private Selector ownSelector() throws IOException {
        Selector s = own;
        if (s == null) {
            s = Selector.open();
            try {
                channel.register(s, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                closeQuietly(s);
                throw e instanceof IOException io ? io : new IOException(e);
            }
            synchronized (closing) {
                if (closedBecause != null) {
                    closeQuietly(s);
                    throw new ClosedSelectorException();
                }
                own = s;
            }
        }
        return s;
    }

    /**
     * Reads what the socket has (holding {@link #ioLock}) and dispatches every whole frame; the end
     * of the stream or a frame libvirt's client would refuse closes the client.
     */
    private void readAvailable() {
        try {
            while (true) {
                int n = channel.read(inbuf);
                if (n < 0) {
                    if (inbuf.position() > 0) {
                        throw new EOFException("truncated frame: the stream ended after " + inbuf.position() + " bytes");
                    }
                    markClosed(CloseListener.Reason.EOF, new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                        "End of file while reading data: Input/output error"));
                    return;
                }
                if (n > 0) {
                    lastReceived = System.nanoTime();
                    countToDeath = keepaliveCount;
                    dispatchFrames();
                }
                // a buffer not filled up had everything the socket held (level-triggered selectors report the rest)
                if (n == 0 || inbuf.hasRemaining() || closedBecause != null) {
                    return;
                }
            }
        } catch (IOException e) {
            if (closedBecause == null) {
                markClosed(CloseListener.Reason.EOF, new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                    "End of file while reading data: " + e.getMessage(), e));
            }
        } catch (RuntimeException e) {
            if (closedBecause == null) {
                markClosed(CloseListener.Reason.ERROR, new VirtException(ErrorCode.RPC, ErrorDomain.RPC,
                    "malformed message from " + transport.describe() + ": " + e.getMessage(), e));
            }
        }
    }

    /** Every whole frame in {@link #inbuf}, in order; a frame's length is checked before any buffer is sized from it. */
    private void dispatchFrames() {
        inbuf.flip();
        while (inbuf.remaining() >= RpcLimits.LENGTH_SIZE && closedBecause == null) {
            int start = inbuf.position();
            long length = Integer.toUnsignedLong(inbuf.getInt(start));
            RpcFraming.checkLength(length, RpcLimits.MAX_MESSAGE);
            if (inbuf.remaining() < length) {
                if (length > inbuf.capacity()) {
                    ByteBuffer bigger = ByteBuffer.allocate((int) length);
                    bigger.put(inbuf);
                    inbuf = bigger;
                    return;
                }
                break;
            }
            byte[] body = new byte[(int) length - RpcLimits.LENGTH_SIZE];
            inbuf.position(start + RpcLimits.LENGTH_SIZE);
            inbuf.get(body);
            received(RpcFraming.decodeBody(body));
        }
        if (!inbuf.hasRemaining() && inbuf.capacity() > IN_BUFFER && streams.isEmpty()) {
            inbuf = ByteBuffer.allocate(IN_BUFFER);
        } else {
            inbuf.compact();
        }
    }

    /**
     * Registers the channel with the shared selector, watched within ARM_POLL_MS (the peer may speak
     * before any call; the set-up's first call is on its way anyway).
     */
    private void watch() {
        try {
            sharedKey = SharedSelector.IO.register(channel, this);
        } catch (IOException e) {
            markClosed(CloseListener.Reason.ERROR, socketError(e));
            return;
        }
        arm(false);
    }

    /**
     * The shared selector watches the socket again (no caller reads it now): at once when
     * {@code now}, else within {@link SharedSelector#ARM_POLL_MS} (a client that makes calls one
     * after the other would wake the shared thread at every call for nothing).
     */
    private void arm(boolean now) {
        SelectionKey k = sharedKey;
        if (k != null && closedBecause == null) {
            try {
                k.interestOps(SelectionKey.OP_READ);
                SharedSelector.IO.armed(now);
            } catch (java.nio.channels.CancelledKeyException e) {
                // closed meanwhile
            }
        }
    }

    /** A caller reads the socket now: the shared selector leaves it alone. */
    private void disarm() {
        SelectionKey k = sharedKey;
        if (k != null) {
            try {
                k.interestOps(0);
            } catch (java.nio.channels.CancelledKeyException e) {
                // closed meanwhile
            }
        }
    }

    /**
     * The client closed: its keys go, so that the channel's descriptor is released (by the shared
     * selector's next round: at once when it sleeps, else within ARM_POLL_MS).
     */
    private void unwatch() {
        SelectionKey k = sharedKey;
        if (k != null) {
            k.cancel();
            SharedSelector.IO.armed(false);
        }
        Selector s;
        synchronized (closing) {
            s = own;
        }
        if (s != null) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(Selector s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do about it
        }
    }

    /**
     * The shared selector found the socket readable while no caller was reading: read it here unless
     * a caller took it meanwhile (it gives it back when done). A client with an open stream is read on
     * a pool thread instead: handing a packet to a stream waits while that stream's reader is behind,
     * which must not hold up every other client.
     */
    private void readyForShared() {
        if (!streams.isEmpty()) {
            disarm();
            STREAM_READERS.execute(() -> {
                ioLock.lock();
                try {
                    if (closedBecause == null) {
                        readAvailable();
                    }
                } finally {
                    ioLock.unlock();
                    arm(true);
                }
            });
            return;
        }
        if (!ioLock.tryLock()) {
            return;
        }
        try {
            if (closedBecause == null) {
                readAvailable();
            }
        } finally {
            ioLock.unlock();
        }
    }

    /** Reads of clients that have a stream open (see {@link #readyForShared}). */
    private static final Executor STREAM_READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jvirt-rpc-client-stream-reader");
        t.setDaemon(true);
        return t;
    });

    /** Reads, for the clients over a channel, the sockets no caller is reading: one thread for all of them, started with the first. */
    private static final class SharedSelector implements Runnable {
        static final SharedSelector IO = new SharedSelector();
        /** How long a socket given back by a caller may wait before the shared selector watches it again. */
        static final long ARM_POLL_MS = 1;
        private final Selector selector;
        /** Sockets given back since the selector last went round (their interest is applied at its next select). */
        private final java.util.concurrent.atomic.AtomicBoolean armsPending = new java.util.concurrent.atomic.AtomicBoolean();
        /** Whether the thread is in (or going into) a select without a timeout. */
        private volatile boolean asleep;

        SharedSelector() {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Thread t = new Thread(this, "jvirt-rpc-client-io");
            t.setDaemon(true);
            t.start();
        }

        SelectionKey register(SocketChannel ch, RpcClient client) throws IOException {
            return ch.register(selector, 0, client);
        }

        /**
         * A key's interest changed to OP_READ, or a key was cancelled: applied at once when
         * {@code now} or when the thread sleeps without a timeout, else by its next round, within ARM_POLL_MS.
         */
        void armed(boolean now) {
            armsPending.set(true);
            if (now || asleep) {
                selector.wakeup();
            }
        }

        @Override
        public void run() {
            while (true) {
                try {
                    if (armsPending.getAndSet(false)) {
                        // this select applies the interest given back so far; more may come meanwhile
                        selector.select(ARM_POLL_MS);
                    } else {
                        asleep = true;
                        if (armsPending.get()) {
                            asleep = false;
                            continue;
                        }
                        selector.select();
                        asleep = false;
                    }
                    for (SelectionKey k : selector.selectedKeys()) {
                        if (k.isValid()) {
                            try {
                                ((RpcClient) k.attachment()).readyForShared();
                            } catch (RuntimeException e) {
                                LOG.warn("reading {} failed", k.attachment(), e);
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("the RPC clients' shared selector failed", e);
                }
            }
        }
    }

    private void readLoop() {
        try {
            while (closedBecause == null) {
                RpcMessage m = RpcFraming.read(transport.input(), RpcLimits.MAX_MESSAGE);
                if (m == null) {
                    markClosed(CloseListener.Reason.EOF, new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                        "End of file while reading data: Input/output error"));
                    return;
                }
                lastReceived = System.nanoTime();
                countToDeath = keepaliveCount;
                received(m);
            }
        } catch (IOException e) {
            if (closedBecause == null) {
                markClosed(CloseListener.Reason.EOF, new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.RPC,
                    "End of file while reading data: " + e.getMessage(), e));
            }
        } catch (RuntimeException e) {
            // a frame libvirt's client would refuse too: the connection cannot be trusted further
            markClosed(CloseListener.Reason.ERROR, new VirtException(ErrorCode.RPC, ErrorDomain.RPC,
                "malformed message from " + transport.describe() + ": " + e.getMessage(), e));
        }
    }

    private void received(RpcMessage m) {
        RpcHeader h = m.header();
        if (h.program() == keepalive.number()) {
            if (h.type() == MessageType.MESSAGE && h.procedure() == keepalive.procedure("PING").number()) {
                Procedure pong = keepalive.procedure("PONG");
                // never wait behind a write in progress (the shared selector's thread may be reading): that
                // write is traffic, which the peer's keepalive counts as an answer (virKeepAliveCheckMessage)
                if (writeLock.tryLock()) {
                    try {
                        send(new RpcMessage(keepalive.message(pong), new byte[0]));
                    } catch (VirtException e) {
                        LOG.debug("cannot answer a keepalive PING from {}: {}", transport.describe(), e.getMessage());
                    } finally {
                        writeLock.unlock();
                    }
                }
            }
            return;
        }
        switch (h.type()) {
            case REPLY -> {
                CompletableFuture<RpcMessage> f = pending.get(h.serial());
                if (f != null) {
                    f.complete(m);
                } else {
                    LOG.debug("reply with unknown serial {} from {} ignored", Integer.toUnsignedString(h.serial()),
                        transport.describe());
                }
            }
            case MESSAGE -> {
                Consumer<XdrStruct> handler = eventHandlers.get(key(h.program(), h.procedure()));
                Procedure p = h.program() == remote.number() ? remote.procedure(h.procedure()) : null;
                if (handler == null || p == null || !p.event()) {
                    LOG.debug("event message {} from {} has no handler", h, transport.describe());
                    return;
                }
                XdrStruct body = p.decodeArgs(m.payload());
                events.execute(() -> {
                    try {
                        handler.accept(body);
                    } catch (RuntimeException e) {
                        LOG.warn("event handler for {} failed", p, e);
                    }
                });
            }
            case STREAM, STREAM_HOLE -> {
                RpcClientStream s = streams.get(h.serial());
                if (s != null && s.matches(h)) {
                    s.incoming(m);
                } else {
                    // libvirt's client (virNetClientCallDispatchStream) drops a packet that matches no open
                    // stream by program, version, procedure and serial: a stream it no longer has (data is
                    // fire-and-forget), or one a server names that was never opened
                    LOG.debug("stream packet {} from {} for no open stream dropped", h, transport.describe());
                }
            }
            default -> LOG.debug("message {} from {} ignored", h, transport.describe());
        }
    }

    private void markClosed(CloseListener.Reason reason, VirtException cause) {
        VirtException failure = cause != null ? cause : socketClosed();
        synchronized (closing) {
            if (closedBecause != null) {
                return;
            }
            closeFailure = failure;
            closedBecause = reason;
        }
        ScheduledFuture<?> t = keepaliveTask;
        if (t != null) {
            t.cancel(false);
        }
        transport.close();
        if (channel != null) {
            unwatch();
        }
        for (CompletableFuture<RpcMessage> f : pending.values()) {
            f.completeExceptionally(failure);
        }
        for (RpcClientStream s : streams.values()) {
            s.fail(failure, false);
        }
        for (Consumer<CloseListener.Reason> l : closeListeners) {
            events.execute(() -> l.accept(reason));
        }
        closeListeners.clear();
        events.shutdown();
        if (reason != CloseListener.Reason.CLIENT) {
            LOG.info("connection to {} closed ({}): {}", transport.describe(), reason,
                cause == null ? "" : cause.getMessage());
        }
    }

    /** Why the client closed, null while it is open. */
    public CloseListener.Reason closeReason() {
        return closedBecause;
    }

    /**
     * The remote error as libvirt's client raises it (virNetClientProgramDispatchError): the codes
     * 0.7.x servers sent for secrets moved, and "unknown procedure" from the RPC layer is NO_SUPPORT
     * so that callers fall back as they do on NO_SUPPORT.
     */
    static VirtException dispatchError(RemoteError err) {
        int code = err.code();
        int domain = err.domain();
        if ((code == 61 || code == 62 || code == 63) && domain != ErrorDomain.NWFILTER.number()) {
            code += 4;
        } else if (code == 64 && domain == ErrorDomain.QEMU.number()) {
            code = ErrorCode.OPERATION_TIMEOUT.number();
        } else if (code == 65 && domain == ErrorDomain.XEN.number()) {
            code = ErrorCode.MIGRATE_PERSIST_FAILED.number();
        }
        if ((domain == ErrorDomain.REMOTE.number() || domain == ErrorDomain.RPC.number()) && code == ErrorCode.RPC.number()
            && err.level() == RemoteError.LEVEL_ERROR && err.message() != null && err.message().startsWith("unknown procedure")) {
            code = ErrorCode.NO_SUPPORT.number();
        }
        return new RemoteError(code, domain, err.message(), err.level()).toException();
    }

    private static long key(int program, int procedure) {
        return ((long) program << 32) | (procedure & 0xffffffffL);
    }
}
