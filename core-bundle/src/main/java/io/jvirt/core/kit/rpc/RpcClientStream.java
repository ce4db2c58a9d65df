package io.jvirt.core.kit.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The client's end of one stream (libvirt's virNetClientStream): opened by
 * {@link RpcClient#openStream} before its call goes out, so that packets right after the reply are
 * not lost. Read as an {@link #input()} (volume download, console output): the server's data, then
 * its end of data, to which this end answers with finish and waits for the server's confirmation.
 * Written as an {@link #output()} (volume upload, console input): data packets of at most
 * {@link RpcStream#MAX_DATA} bytes; closing it sends finish and waits for the server's
 * confirmation, or its error. A failure of the far side surfaces as an IOException whose cause is
 * the {@link VirtException} libvirt's client would raise.
 *
 * <p>Incoming packets wait in a bounded queue: when the reader of {@link #input()} falls behind by
 * {@link #QUEUE} packets the connection's reader waits (TCP then slows the server down), at most
 * the call timeout, after which this stream is aborted rather than the connection held. Every wait
 * here is bounded by the client's call timeout.
 *
 * @since 1.2.0
 */
public final class RpcClientStream {

    /** Packets queued for the reader (at most 16 x 256 KiB). */
    static final int QUEUE = 16;
    /** Wakes a reader when the stream failed locally or the connection closed. */
    private static final RpcStream.Packet WAKE = new RpcStream.Packet(RpcStream.Kind.ABORT, null, 0, null);

    private final RpcClient client;
    private final RpcStream state;
    private final Duration timeout;
    private final BlockingQueue<RpcStream.Packet> incoming = new ArrayBlockingQueue<>(QUEUE + 1);
    private volatile VirtException failure;
    private volatile boolean ended;

    RpcClientStream(RpcClient client, RpcStream state, Duration timeout) {
        this.client = client;
        this.state = state;
        this.timeout = timeout;
    }

    int serial() {
        return state.serial();
    }

    /** A packet of this stream from the connection's reader thread. */
    void incoming(RpcMessage m) {
        RpcStream.Packet p;
        try {
            synchronized (state) {
                p = state.receive(m);
            }
        } catch (RpcProtocolException e) {
            fail(new VirtException(ErrorCode.RPC, ErrorDomain.RPC, e.getMessage(), e), true);
            return;
        }
        if (p == null) {
            return;
        }
        try {
            if (!incoming.offer(p, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail(new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.RPC,
                    "the stream's reader took no data for " + timeout.toMillis() + " ms; stream aborted"), true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "interrupted"), true);
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
        end();
        incoming.clear();
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

    private RpcStream.Packet next() throws IOException {
        VirtException f = failure;
        if (f != null) {
            throw failed(f);
        }
        RpcStream.Packet p;
        try {
            p = incoming.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for stream data");
        }
        if (p == null) {
            VirtException t = new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.RPC,
                "no stream data from " + client.describe() + " within " + timeout.toMillis() + " ms");
            fail(t, true);
            throw failed(t);
        }
        if (p == WAKE || p.kind() == RpcStream.Kind.ABORT) {
            throw failed(failure != null ? failure
                : new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "stream aborted by the server"));
        }
        if (p.kind() == RpcStream.Kind.ERROR) {
            VirtException v = RpcClient.dispatchError(p.error());
            failure = v;
            end();
            throw failed(v);
        }
        return p;
    }

    private static IOException failed(VirtException v) {
        return new IOException(v.getMessage(), v);
    }

    /** Sends finish and waits for the server's confirmation (or its error). */
    private void finish() throws IOException {
        RpcMessage m;
        synchronized (state) {
            m = state.finish();
        }
        try {
            client.sendStreamPacket(m);
        } catch (VirtException e) {
            fail(e, false);
            throw failed(e);
        }
        while (true) {
            RpcStream.Packet p = next();
            if (p.kind() == RpcStream.Kind.FINISH) {
                end();
                return;
            }
            // data or end of data after our finish: libvirt's client drops it too
        }
    }

    /** Gives up (virStreamAbort) unless the stream is over already. */
    public void abort() {
        if (!ended) {
            fail(new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.RPC, "stream aborted"), true);
        }
    }

    /** The server's data, to its end (-1 once the finish is confirmed). Closing it early aborts the stream. */
    public InputStream input() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int pos;
            private boolean done;
            /** Zeros of a hole still to be read (a sparse stream's holes read as zeros). */
            private long holeLeft;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (pos >= current.length) {
                    if (holeLeft > 0) {
                        int n = (int) Math.min(len, Math.min(holeLeft, RpcStream.MAX_DATA));
                        java.util.Arrays.fill(b, off, off + n, (byte) 0);
                        holeLeft -= n;
                        return n;
                    }
                    if (done) {
                        return -1;
                    }
                    RpcStream.Packet p = next();
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
                        case FINISH -> {
                            // the server finished without an end of data first: it is over
                            end();
                            done = true;
                        }
                        default -> throw new IOException("unexpected " + p.kind() + " on " + state);
                    }
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public void close() {
                if (!done) {
                    abort();
                }
            }
        };
    }

    /** Data to the server; {@code close()} finishes the stream and reports the server's error, if any. */
    public OutputStream output() {
        return new OutputStream() {
            private boolean closed;

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
                    serverError();
                    int n = Math.min(len, RpcStream.MAX_DATA);
                    RpcMessage m;
                    synchronized (state) {
                        if (state.closed()) {
                            throw failed(failure != null ? failure : RpcClient.socketClosed());
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

            /** An error the server sent meanwhile (a write that failed on its side) ends the upload early. */
            private void serverError() throws IOException {
                RpcStream.Packet p = incoming.peek();
                if (failure != null || (p != null && p.kind() != RpcStream.Kind.DATA && p.kind() != RpcStream.Kind.EOF)) {
                    next();
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
