package io.jvirt.server;

/**
 * How a {@link ClientSession}'s frames move: on the server's event loop ({@link SelectorClientIo}),
 * for UNIX, plain TCP and TLS clients alike (their bytes through a {@link ClientWire}).
 */
interface ClientIo {

    /** Starts reading the client's frames. */
    void start();

    /**
     * Queues a whole frame after those queued before; the session has counted it. The I/O reports
     * each frame written through {@link ClientSession#written}.
     */
    void write(byte[] frame);

    /** A frame the client sent could not be taken (requests or a stream full): try it again now. */
    void resume();

    /** Closes the socket; no frame is read or written after it. Idempotent, from any thread. */
    void close();
}
