package io.jvirt.server;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * A TLS session over a non-blocking socket (libvirt's virNetTLSSession on its event loop): JSSE's
 * {@link SSLEngine} turns the client's records into plaintext on the loop's thread and the server's
 * frames into records on whichever thread writes them (the engine serializes the two itself).
 * Buffers exist only while they hold bytes, so an idle TLS client costs no more than its engine;
 * they grow when the engine says they are too small (BUFFER_OVERFLOW, BUFFER_UNDERFLOW).
 * <p>
 * After the handshake ({@link #established}) a TLS 1.3 key update is answered; a new handshake
 * (TLS 1.2 renegotiation) ends the client, as GnuTLS's session in libvirtd refuses one.
 */
final class TlsWire implements ClientWire {

    private final SocketChannel channel;
    private final SSLEngine engine;

    // in: the loop's thread only
    /** Records read from the socket and not yet unwrapped (filling mode); null when none. */
    private ByteBuffer netIn;
    /** Plaintext unwrapped and not yet read (draining mode); null when none. */
    private ByteBuffer appIn;
    /** The client's end: its socket's end, or its close_notify. */
    private boolean ended;
    /** The last socket read filled the buffer: more may wait in the socket. */
    private boolean socketFull;
    /** Whole records wait in {@code netIn} (the handshake stopped unwrapping where it ended). */
    private boolean recordsWaiting;
    private volatile boolean established;

    // out: guarded by this
    /** Records made and not yet on the socket (draining mode); null when none. */
    private ByteBuffer netOut;

    TlsWire(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
    }

    SSLEngine engine() {
        return engine;
    }

    /** The handshake is over: from now on a handshake message is a renegotiation. */
    void established() {
        established = true;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (appIn == null && !ended) {
            fromSocket();
            unwrap();
        }
        int n = 0;
        if (appIn != null) {
            n = Math.min(dst.remaining(), appIn.remaining());
            int limit = appIn.limit();
            appIn.limit(appIn.position() + n);
            dst.put(appIn);
            appIn.limit(limit);
            if (!appIn.hasRemaining()) {
                appIn = null;
            }
        }
        return n == 0 && ended && appIn == null ? -1 : n;
    }

    @Override
    public boolean buffered() {
        return appIn != null || ended || socketFull || recordsWaiting;
    }

    /**
     * In the handshake: unwraps what came, reading the socket when a record is incomplete.
     *
     * @return false when the socket has nothing more now (wait until it is readable)
     */
    boolean handshakeRead() throws IOException {
        if (netIn != null && netIn.position() > 0 && unwrap()) {
            return true;
        }
        fromSocket();
        if (ended) {
            throw new EOFException("it closed the connection during the TLS handshake");
        }
        return unwrap();
    }

    private void fromSocket() throws IOException {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }
        int n = channel.read(netIn);
        socketFull = n > 0 && !netIn.hasRemaining();
        if (n < 0) {
            ended = true;
        }
    }

    /**
     * Unwraps the whole records in {@code netIn} into {@code appIn}; in the handshake it stops
     * where the engine wants to write or run a task.
     *
     * @return whether a record was taken
     */
    private boolean unwrap() throws IOException {
        if (netIn == null) {
            recordsWaiting = false;
            return false;
        }
        int appSize = engine.getSession().getApplicationBufferSize();
        ByteBuffer out;
        if (appIn == null) {
            out = ByteBuffer.allocate(appSize);
        } else {
            out = appIn.compact();
        }
        boolean took = false;
        boolean underflow = false;
        boolean stalled = false;
        netIn.flip();
        try {
            loop:
            while (netIn.hasRemaining()) {
                if (out.remaining() < appSize) {
                    out = grow(out, appSize);
                }
                SSLEngineResult r = engine.unwrap(netIn, out);
                took |= r.bytesConsumed() > 0;
                switch (r.getStatus()) {
                    case BUFFER_OVERFLOW -> out = grow(out, appSize);
                    case BUFFER_UNDERFLOW -> {
                        underflow = true;
                        break loop;
                    }
                    case CLOSED -> {
                        // its close_notify: nothing more comes
                        ended = true;
                        break loop;
                    }
                    case OK -> {
                        boolean goOn = afterUnwrap(r.getHandshakeStatus());
                        if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                            // the engine takes nothing now: the records wait for the socket's next bytes
                            // (never claimed as waiting, so that the loop cannot spin on them)
                            stalled = true;
                            break loop;
                        }
                        if (!goOn) {
                            break loop;
                        }
                    }
                }
            }
        } finally {
            netIn.compact();
            out.flip();
            appIn = out.hasRemaining() ? out : null;
        }
        recordsWaiting = !underflow && !stalled && !ended && netIn.position() > 0;
        int packetSize = engine.getSession().getPacketBufferSize();
        if (underflow && netIn.capacity() < packetSize) {
            netIn = grow(netIn, packetSize - netIn.capacity());
        } else if (netIn.position() == 0) {
            netIn = null;
        }
        return took;
    }

    /** Whether unwrapping goes on after a record that left the engine in {@code hs}. */
    private boolean afterUnwrap(HandshakeStatus hs) throws IOException {
        if (!established) {
            // the handshake: its driver writes, runs the tasks, then reads again
            return hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.NEED_UNWRAP
                || hs == HandshakeStatus.NEED_UNWRAP_AGAIN;
        }
        if (hs == HandshakeStatus.NEED_TASK) {
            throw new IOException("it started a new TLS handshake (renegotiation is refused)");
        }
        // NEED_WRAP: a TLS 1.3 key update to answer; the next write does (pendingOutput says so)
        return true;
    }

    /** {@code b} (filling mode) with {@code more} bytes more room, its bytes kept. */
    private static ByteBuffer grow(ByteBuffer b, int more) {
        ByteBuffer bigger = ByteBuffer.allocate(b.capacity() + more);
        b.flip();
        bigger.put(b);
        return bigger;
    }

    @Override
    public synchronized boolean write(ByteBuffer src) throws IOException {
        if (!flush()) {
            return false;
        }
        // what the engine has to say first (the handshake's flights, a key update's answer)
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            wrap(ByteBuffer.allocate(0));
            if (!flush()) {
                return false;
            }
        }
        while (src.hasRemaining()) {
            wrap(src);
            if (!flush()) {
                return false;
            }
        }
        netOut = null;
        return true;
    }

    /** One record from {@code src} into {@code netOut}, which is empty. */
    private void wrap(ByteBuffer src) throws IOException {
        int packetSize = engine.getSession().getPacketBufferSize();
        ByteBuffer out = netOut != null && netOut.capacity() >= packetSize ? netOut.clear() : ByteBuffer.allocate(packetSize);
        while (true) {
            SSLEngineResult r = engine.wrap(src, out);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                out = ByteBuffer.allocate(out.capacity() + packetSize);
                continue;
            }
            if (r.bytesProduced() == 0 && r.bytesConsumed() == 0) {
                throw new IOException(r.getStatus() == SSLEngineResult.Status.CLOSED ? "its TLS session is closed"
                    : "its TLS session cannot send now (" + r.getHandshakeStatus() + ")");
            }
            break;
        }
        netOut = out.flip();
    }

    /** Writes the records made, as far as the socket takes them; true when none is left. */
    private boolean flush() throws IOException {
        if (netOut == null || !netOut.hasRemaining()) {
            return true;
        }
        channel.write(netOut);
        return !netOut.hasRemaining();
    }

    @Override
    public synchronized boolean pendingOutput() {
        return (netOut != null && netOut.hasRemaining()) || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    /**
     * Sends close_notify (or, after a failed handshake, the engine's alert) as far as the socket
     * takes it at once, then closes the socket: never waits for the client's close_notify.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            try {
                engine.closeOutbound();
                if (flush()) {
                    wrap(ByteBuffer.allocate(0));
                    flush();
                }
            } catch (IOException | RuntimeException e) {
                // the socket or the session failed: nothing to say goodbye on
            }
        }
        channel.close();
    }
}
