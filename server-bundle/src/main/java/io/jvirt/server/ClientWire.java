package io.jvirt.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of a client on the event loop, as the RPC framing sees them: the socket's own
 * ({@link PlainWire}: UNIX, plain TCP), or the plaintext of a TLS session over it ({@link TlsWire}).
 * Nothing in it blocks.
 */
interface ClientWire {

    /**
     * Reads what the client sent into {@code dst}, as far as there is room and the socket has
     * bytes now; the loop's thread only.
     *
     * @return the bytes put into {@code dst} (0: none now), -1 at the client's end
     */
    int read(ByteBuffer dst) throws IOException;

    /** Whether a read may give bytes without the socket becoming readable (TLS: plaintext already decrypted). */
    boolean buffered();

    /**
     * Writes {@code src} as far as the socket takes it now (callers serialize their writes).
     *
     * @return true when all of {@code src}, and everything written before it, is on the socket
     */
    boolean write(ByteBuffer src) throws IOException;

    /** Whether bytes the wire made itself (TLS records) wait for the socket to drain. */
    boolean pendingOutput();

    /** Closes the socket without waiting for the client (TLS: close_notify as far as the socket takes it). */
    void close() throws IOException;
}
