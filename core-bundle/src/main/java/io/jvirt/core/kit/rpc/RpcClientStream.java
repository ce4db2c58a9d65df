package io.jvirt.core.kit.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.SparseInput;
import io.jvirt.api.VirtException;

/**
 * The client's end of one stream (libvirt's virNetClientStream): opened by
 * {@link RpcClient#openStream} before its call goes out, so that packets right after the reply are
 * not lost. Read as an {@link #input()} (volume download, console output): the server's data, then
 * its end of data, to which this end answers with finish and waits for the server's confirmation.
 * Written as an {@link #output()} (volume upload, console input): data packets of at most
 * {@link RpcStream#MAX_DATA} bytes; closing it sends finish and waits for the server's
 * confirmation, or its error. Both may be used at once, from two threads (a console). A failure of
 * the far side surfaces as an IOException whose cause is the {@link VirtException} libvirt's
 * client would raise; a writer sees the server's error as soon as it came, a reader after the data
 * that came before it.
 *
 * <p>A transfer stream (volume upload or download) keeps at most {@link #QUEUE} packets for its
 * reader: when the reader falls that far behind, the connection's reader waits (TCP then slows the
 * server down), at most the call timeout, after which this stream is aborted rather than the
 * connection held; every wait of the stream's reader is bounded by the call timeout too.
 *
 * <p>An interactive stream ({@link RpcClient#openInteractiveStream}: a console) may stay silent as
 * long as the far side has nothing to say, so its reader waits without a deadline, until data,
 * the stream's end, its failure or its {@link #close()}; a connection that died is found by the
 * client's keepalive, which fails the stream. The connection's reader never waits for an
 * interactive stream's reader: once {@link #INTERACTIVE_BACKLOG} bytes wait unread the stream is
 * aborted ("fell behind") and the connection goes on. Finishing waits at most the call timeout.
 *
 * @since 1.2.0
 */
public final class RpcClientStream {

    /** Packets queued for a transfer stream's reader (at most 16 x 256 KiB). */
    static final int QUEUE = 16;
    /** Bytes an interactive stream's reader may leave unread before the stream is aborted. */
    static final long INTERACTIVE_BACKLOG = 4L * 1024 * 1024;
    /** What a queued packet costs beyond its bytes (so that a flood of tiny packets is bounded too). */
    private static final long PACKET_COST = 64;
    /** Wakes a reader when something changed: a failure, the server's end, a local close. */
    private static final RpcStream.Packet WAKE = new RpcStream.Packet(RpcStream.Kind.ABORT, null, 0, null);

    private final RpcClient client;
    private final RpcStream state;
    private final Duration timeout;
    private final boolean interactive;
    private final BlockingQueue<RpcStream.Packet> incoming = new LinkedBlockingQueue<>();
    /** A transfer stream's room for packets (data, holes, end of data) not yet taken by the reader. */
    private final Semaphore room = new Semaphore(QUEUE);
    /** An interactive stream's unread bytes. */
    private final AtomicLong backlog = new AtomicLong();
    /** The server's finish (its confirmation of ours, or its own), or its error or abort. */
    private final CompletableFuture<Void> serverEnd = new CompletableFuture<>();
    /** The server's last packet (finish, abort, error), for the reader once the data before it is read. */
    private volatile RpcStream.Packet terminal;
    /** Why this end failed (the connection, a timeout, a local abort, a protocol error). */
    private volatile VirtException failure;
    /** The server's error or abort, for the writer at once. */
    private volatile VirtException remoteFailure;
    private volatile boolean ended;
    private volatile boolean closedLocally;
    /** Guarded by {@link #state}. */
    private boolean finishSent;

    RpcClientStream(RpcClient client, RpcStream state, Duration timeout, boolean interactive) {
        this.client = client;
        this.state = state;
        this.timeout = timeout;
        this.interactive = interactive;
    }

    int serial() {
        return state.serial();
    }

    /** Whether {@code h} addresses this stream (program, version, procedure and serial of its call). */
    boolean matches(RpcHeader h) {
        return state.matches(h);
    }

    /** A packet of this stream from the connection's reader thread. */
    void incoming(RpcMessage m) {
        RpcStream.Packet p;
        try {
            synchronized (state) {
                p = state.receive(m);
                if (p != null && finishSent && isData(p)) {
                    p = null; // data after our finish: libvirt's client drops it too
                }
            }
        } catch (RpcProtocolException e) {
            fail(new VirtException(ErrorCode.RPC, ErrorDomain.RPC, e.getMessage(), e), true);
            return;
        }
        if (p == null) {
            return;
        }
        switch (p.kind()) {
            case FINISH -> {
                terminal = p;
                serverEnd.complete(null);
                end();
                incoming.offer(WAKE);
            }
            case ABORT, ERROR -> {
                VirtException v = p.kind() == RpcStream.Kind.ERROR ? RpcClient.dispatchError(p.error())
                    : new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "stream aborted by the server");
                remoteFailure = v;
                terminal = p;
                serverEnd.completeExceptionally(v);
                end();
                incoming.offer(WAKE);
            }
            default -> queue(p);
        }
    }

    private static boolean isData(RpcStream.Packet p) {
        return p.kind() == RpcStream.Kind.DATA || p.kind() == RpcStream.Kind.HOLE || p.kind() == RpcStream.Kind.EOF;
    }

    /** Data, a hole or the end of data for the reader, within the stream's bound. */
    private void queue(RpcStream.Packet p) {
        if (interactive) {
            if (backlog.addAndGet(cost(p)) > INTERACTIVE_BACKLOG) {
                fail(new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.RPC, "the stream's reader fell behind by more than "
                    + INTERACTIVE_BACKLOG + " bytes of " + client.describe() + "; stream aborted"), true);
                return;
            }
            incoming.offer(p);
            return;
        }
        try {
            if (!room.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.RPC,
                    "the stream's reader took no data for " + timeout.toMillis() + " ms; stream aborted"), true);
                return;
            }
            incoming.offer(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "interrupted"), true);
        }
    }

    private static long cost(RpcStream.Packet p) {
        return PACKET_COST + p.data().length;
    }

    /** The reader took {@code p} from the queue: its room is free again. */
    private void taken(RpcStream.Packet p) {
        if (interactive) {
            backlog.addAndGet(-cost(p));
        } else {
            room.release();
        }
    }

    /** The stream cannot go on: the connection closed, or this end gave up ({@code abort}: tell the server). */
    void fail(VirtException cause, boolean abort) {
        if (failure == null) {
            failure = cause;
        }
        if (abort) {
            RpcMessage m;
            synchronized (state) {
                m = state.closed() ? null : state.abort();
            }
            if (m != null) {
                trySend(m);
            }
        }
        serverEnd.completeExceptionally(cause);
        end();
        incoming.clear();
        room.release(QUEUE); // a connection reader waiting for room goes on (and finds the stream ended)
        incoming.offer(WAKE);
    }

    private void end() {
        ended = true;
        client.streamEnded(this);
    }

    private void trySend(RpcMessage m) {
        try {
            client.sendStreamPacket(m);
        } catch (VirtException e) {
            // the connection is gone: the stream is over anyway
        }
    }

    /**
     * The next data, hole or end of data, in order; null when the server finished without an end of
     * data or this end closed the stream.
     */
    private RpcStream.Packet next() throws IOException {
        while (true) {
            VirtException f = failure;
            if (f != null) {
                throw failed(f);
            }
            RpcStream.Packet p = incoming.poll();
            if (p == null) {
                RpcStream.Packet t = terminal;
                if (t != null) {
                    if (t.kind() == RpcStream.Kind.FINISH) {
                        return null;
                    }
                    throw failed(remoteFailure);
                }
                if (closedLocally) {
                    return null;
                }
                p = await();
            }
            if (p == WAKE) {
                continue;
            }
            taken(p);
            return p;
        }
    }

    /** Waits for a packet: without a deadline on an interactive stream, at most the call timeout on a transfer. */
    private RpcStream.Packet await() throws IOException {
        try {
            if (interactive) {
                return incoming.take();
            }
            RpcStream.Packet p = incoming.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (p == null) {
                VirtException t = new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.RPC,
                    "no stream data from " + client.describe() + " within " + timeout.toMillis() + " ms");
                fail(t, true);
                throw failed(t);
            }
            return p;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for stream data");
        }
    }

    private static IOException failed(VirtException v) {
        return new IOException(v.getMessage(), v);
    }

    /**
     * Sends finish (once, whoever asks) and waits at most the call timeout for the server's
     * confirmation, or its error.
     */
    private void finish() throws IOException {
        RpcMessage m = null;
        synchronized (state) {
            if (!finishSent && !state.closed() && !serverEnd.isDone()) {
                m = state.finish();
                finishSent = true;
            }
        }
        if (m != null) {
            try {
                client.sendStreamPacket(m);
            } catch (VirtException e) {
                fail(e, false);
                throw failed(e);
            }
        }
        try {
            serverEnd.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            end();
        } catch (TimeoutException e) {
            VirtException t = new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.RPC,
                "no confirmation of the stream's finish from " + client.describe() + " within " + timeout.toMillis() + " ms");
            fail(t, true);
            throw failed(t);
        } catch (ExecutionException e) {
            throw failed(e.getCause() instanceof VirtException v ? v
                : new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, String.valueOf(e.getCause())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing the stream");
        }
    }

    /** Gives up (virStreamAbort) unless the stream is over already. */
    public void abort() {
        if (!ended) {
            fail(new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.RPC, "stream aborted"), true);
        }
    }

    /**
     * Ends the stream from this side as virsh leaves a console: finish (bounded by the call
     * timeout), or abort when the finish is not confirmed; a reader waiting on {@link #input()}
     * then reads the end. Idempotent.
     *
     * @since 1.3.0
     */
    public void close() {
        closedLocally = true;
        incoming.offer(WAKE);
        if (ended) {
            return;
        }
        try {
            finish();
        } catch (IOException e) {
            abort();
        }
    }

    /**
     * The server's data, to its end (-1 once the finish is confirmed). Closing it early aborts the
     * stream. A sparse stream's holes read as zeros; the stream is also a {@link SparseInput} that
     * tells them as the server sent them (a jvirt server in front of this client passes them on).
     */
    public InputStream input() {
        return new Input();
    }

    /** The reading end: the packets in order, a hole's zeros counted down. */
    private final class Input extends InputStream implements SparseInput {
        private byte[] current = new byte[0];
        private int pos;
        private boolean done;
        /** Zeros of a hole still to be read or skipped. */
        private long holeLeft;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!ready()) {
                return -1;
            }
            if (pos >= current.length) {
                int n = (int) Math.min(len, Math.min(holeLeft, RpcStream.MAX_DATA));
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                holeLeft -= n;
                return n;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        /** Data or a hole to take at the current position; false at the end. */
        private boolean ready() throws IOException {
            while (pos >= current.length && holeLeft == 0) {
                if (done) {
                    return false;
                }
                RpcStream.Packet p = next();
                if (p == null) {
                    // the server finished without an end of data first, or this end closed the stream
                    done = true;
                    continue;
                }
                switch (p.kind()) {
                    case DATA -> {
                        current = p.data();
                        pos = 0;
                    }
                    case HOLE -> holeLeft = p.holeLength();
                    case EOF -> {
                        finish();
                        done = true;
                    }
                    default -> throw new IOException("unexpected " + p.kind() + " on " + state);
                }
            }
            return true;
        }

        @Override
        public synchronized Section section() throws IOException {
            if (!ready()) {
                return Section.END;
            }
            return pos < current.length ? new Section(false, current.length - pos) : new Section(true, holeLeft);
        }

        @Override
        public synchronized void skipHole(long length) {
            if (length <= 0 || pos < current.length || length > holeLeft) {
                throw new IllegalStateException("no hole of " + length + " bytes here");
            }
            holeLeft -= length;
        }

        @Override
        public void close() {
            if (!done) {
                abort();
            }
        }
    }

    /** Data to the server; {@code close()} finishes the stream and reports the server's error, if any. */
    public OutputStream output() {
        return new OutputStream() {
            private volatile boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException("stream closed");
                }
                while (len > 0) {
                    int n = Math.min(len, RpcStream.MAX_DATA);
                    RpcMessage m;
                    synchronized (state) {
                        // the server's error ends an upload early; so does this end's failure or finish
                        VirtException f = remoteFailure != null ? remoteFailure : failure;
                        if (f != null) {
                            throw failed(f);
                        }
                        // ended: the server finished on its own (a console it closed), or the stream is over
                        if (state.closed() || finishSent || closedLocally || ended) {
                            throw new IOException("stream closed");
                        }
                        m = state.data(b, off, n);
                    }
                    try {
                        client.sendStreamPacket(m);
                    } catch (VirtException e) {
                        fail(e, false);
                        throw failed(e);
                    }
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                finish();
            }
        };
    }
}
