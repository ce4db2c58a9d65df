package io.jvirt.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.core.kit.rpc.RpcFraming;
import io.jvirt.core.kit.rpc.RpcLimits;
import io.jvirt.core.kit.rpc.RpcMessage;

/**
 * A client on the server's {@link RpcEventLoop} (libvirtd's virNetServerClient on its event loop):
 * a non-blocking socket whose frames are assembled on the loop's thread as bytes arrive, through
 * its {@link ClientWire} (the socket's bytes, or a TLS session's plaintext). When the
 * client has {@code max_client_requests} calls in progress, or a stream of it has no room, the frame
 * that cannot be taken waits here and the loop stops reading the client (its socket buffer fills
 * and the client waits: flow control) until a call ends or the stream takes a packet.
 * <p>
 * Frames out are written at once by the thread that sends them, as far as the socket takes them
 * without blocking; the rest waits in order and the loop writes it when the socket drains.
 */
final class SelectorClientIo implements ClientIo, LoopClient {

    private static final Logger LOG = LoggerFactory.getLogger(SelectorClientIo.class);
    /** Reads of one client in a row before the loop turns to the others (TLS: its decrypted backlog). */
    private static final int READS_IN_A_ROW = 16;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final RpcEventLoop loop;
    private final SocketChannel channel;
    private final ClientWire wire;
    private final ClientSession session;
    private SelectionKey key;

    // reading: the loop's thread only
    private final byte[] lengthWord = new byte[RpcLimits.LENGTH_SIZE];
    private int lengthGot;
    private byte[] body;
    private int bodyGot;
    /** Bytes read past a frame that had to wait, kept until the client is resumed. */
    private ByteBuffer leftover;
    /** The frame that could not be taken yet. */
    private RpcMessage pending;
    private volatile boolean paused;
    private final AtomicBoolean resumeQueued = new AtomicBoolean();

    // writing: guarded by out
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(2);
    private boolean writeInterest;
    private volatile boolean closed;

    SelectorClientIo(RpcEventLoop loop, SocketChannel channel, ClientWire wire, ClientSession session) {
        this.loop = loop;
        this.channel = channel;
        this.wire = wire;
        this.session = session;
    }

    @Override
    public void start() {
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            session.close("its socket failed: " + e.getMessage());
            return;
        }
        loop.execute(() -> {
            if (closed) {
                return;
            }
            try {
                // (a TLS client's channel is registered already, by its handshake: this takes it over)
                key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
                interest();
            } catch (IOException e) {
                session.close("its socket failed: " + e.getMessage());
                return;
            }
            if (wire.buffered()) {
                read(); // what a TLS client sent with the end of its handshake
            }
        });
    }

    /** The loop's selection: the socket is readable or writable. */
    @Override
    public void ready(SelectionKey k) {
        if (k.isValid() && k.isWritable()) {
            flush();
        }
        if (k.isValid() && k.isReadable() && !paused) {
            read();
        }
    }

    /**
     * Reads and parses what the client sent, until it pauses or nothing more is there now; a TLS
     * client's plaintext already decrypted is taken without the socket's readiness, a few reads in
     * a row at most and the rest after the other clients' turn.
     */
    private void read() {
        ByteBuffer buf = loop.readBuffer();
        for (int round = 0; round < READS_IN_A_ROW; round++) {
            buf.clear();
            int n;
            try {
                n = wire.read(buf);
            } catch (IOException e) {
                session.close(closed ? "closed" : "its socket failed: " + e.getMessage());
                return;
            }
            if (n < 0) {
                if (lengthGot == 0 && body == null) {
                    session.close(ClientSession.DISCONNECTED);
                } else {
                    session.close("its socket failed: truncated frame");
                }
                return;
            }
            buf.flip();
            parse(buf);
            if (paused || closed || !wire.buffered()) {
                break;
            }
        }
        if (!paused && !closed && wire.buffered()) {
            loop.execute(this::readOn);
        }
        if (wire.pendingOutput()) {
            interest(); // TLS: the engine has something to say (a key update's answer)
        }
    }

    private void readOn() {
        if (!paused && !closed) {
            read();
        }
    }

    /** Assembles frames from {@code buf} and delivers them until it is empty or a frame must wait. */
    private void parse(ByteBuffer buf) {
        try {
            while (buf.hasRemaining() && !closed) {
                if (body == null) {
                    int take = Math.min(lengthWord.length - lengthGot, buf.remaining());
                    buf.get(lengthWord, lengthGot, take);
                    lengthGot += take;
                    if (lengthGot < lengthWord.length) {
                        return;
                    }
                    long length = ((lengthWord[0] & 0xffL) << 24) | ((lengthWord[1] & 0xff) << 16)
                        | ((lengthWord[2] & 0xff) << 8) | (lengthWord[3] & 0xff);
                    RpcFraming.checkLength(length, session.maxMessage());
                    body = new byte[(int) length - RpcLimits.LENGTH_SIZE];
                    bodyGot = 0;
                }
                int take = Math.min(body.length - bodyGot, buf.remaining());
                buf.get(body, bodyGot, take);
                bodyGot += take;
                if (bodyGot < body.length) {
                    return;
                }
                RpcMessage m = RpcFraming.decodeBody(body);
                body = null;
                lengthGot = 0;
                if (!deliver(m)) {
                    if (buf.hasRemaining()) {
                        leftover = ByteBuffer.allocate(buf.remaining()).put(buf).flip();
                    }
                    return;
                }
            }
        } catch (RuntimeException e) {
            // a frame over the cap, an unknown type or status: nothing after it can be trusted
            session.close("it broke the protocol: " + e.getMessage());
        }
    }

    /** Delivers a frame; false when it must wait (the loop stops reading the client meanwhile). */
    private boolean deliver(RpcMessage m) {
        if (session.deliver(m)) {
            return true;
        }
        pending = m;
        paused = true;
        // the room may have come between the refusal and the pause, seen by nobody: look again
        if (session.deliver(m)) {
            pending = null;
            paused = false;
            return true;
        }
        interest();
        return false;
    }

    @Override
    public void resume() {
        if (paused && !closed && resumeQueued.compareAndSet(false, true)) {
            loop.execute(this::retry);
        }
    }

    /** On the loop: the waiting frame again, then what was read after it, then the socket. */
    private void retry() {
        resumeQueued.set(false);
        if (!paused || closed) {
            return;
        }
        RpcMessage m = pending;
        pending = null;
        paused = false;
        if (m != null && !deliver(m)) {
            return;
        }
        ByteBuffer rest = leftover;
        leftover = null;
        if (rest != null) {
            parse(rest);
            if (paused) {
                if (rest.hasRemaining() && leftover == null) {
                    leftover = rest;
                }
                return;
            }
        }
        interest();
        if (wire.buffered()) {
            read(); // TLS: plaintext decrypted before the pause, which no readiness will announce
        }
    }

    @Override
    public void write(byte[] frame) {
        boolean requestInterest = false;
        synchronized (out) {
            if (closed) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(frame);
            if (out.isEmpty()) {
                try {
                    if (wire.write(b)) {
                        session.written(frame.length);
                        return;
                    }
                } catch (IOException e) {
                    fail("writing to it failed: " + e.getMessage());
                    return;
                }
            }
            out.add(b);
            if (!writeInterest) {
                writeInterest = true;
                requestInterest = true;
            }
        }
        if (requestInterest) {
            if (loop.inLoop()) {
                interest();
            } else {
                loop.execute(this::interest);
            }
        }
    }

    /** On the loop: writes what waits (and what the TLS engine made itself), as far as the socket takes it. */
    private void flush() {
        synchronized (out) {
            while (!closed) {
                ByteBuffer b = out.peek();
                try {
                    if (!wire.write(b == null ? EMPTY : b)) {
                        return;
                    }
                } catch (IOException e) {
                    fail("writing to it failed: " + e.getMessage());
                    return;
                }
                if (b == null) {
                    break;
                }
                out.poll();
                session.written(b.capacity());
            }
            writeInterest = false;
        }
        interest();
    }

    /** On the loop: what the selector waits for, from the read and write state. */
    private void interest() {
        SelectionKey k = key;
        if (k == null || !k.isValid()) {
            return;
        }
        int ops = paused ? 0 : SelectionKey.OP_READ;
        synchronized (out) {
            if (!out.isEmpty() || wire.pendingOutput()) {
                ops |= SelectionKey.OP_WRITE;
            }
        }
        if (k.interestOps() != ops) {
            k.interestOps(ops);
        }
    }

    /** Drops the client for a failure of its socket or of the loop on it. */
    @Override
    public void fail(String why) {
        session.close(why);
    }

    @Override
    public void close() {
        synchronized (out) {
            if (closed) {
                return;
            }
            closed = true;
            out.clear();
        }
        try {
            wire.close();
        } catch (ClosedChannelException e) {
            // closed already
        } catch (IOException e) {
            LOG.debug("closing {}", session, e);
        }
        // a registered channel's descriptor is released when the selector drops its key: at the
        // loop's next select, which must come now unless the loop itself is closing it
        if (!loop.inLoop()) {
            loop.wakeup();
        }
    }

    @Override
    public String toString() {
        return session.toString();
    }
}
