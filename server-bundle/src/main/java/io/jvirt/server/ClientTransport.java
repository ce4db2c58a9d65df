package io.jvirt.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * The blocking byte stream of a TLS client ({@link ThreadedClientIo}); UNIX and plain TCP clients
 * are socket channels on the event loop ({@link SelectorClientIo}). One thread reads, another
 * writes; {@link #close} may come from a third and ends both at once (never waiting for the peer).
 */
interface ClientTransport {

    /** Like {@link InputStream#read(byte[], int, int)}: blocks for at least one byte, -1 at end. */
    int read(byte[] b, int off, int len) throws IOException;

    /** Writes the whole frame. */
    void write(byte[] frame) throws IOException;

    void close() throws IOException;

    /**
     * TLS: reads and writes through the TLS socket, closes the TCP socket under it, because JSSE's
     * own close sends close_notify and then waits for the peer's, which a dead client never sends.
     */
    static ClientTransport of(Socket tls, Socket tcp) throws IOException {
        InputStream in = tls.getInputStream();
        var out = tls.getOutputStream();
        return new ClientTransport() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }

            @Override
            public void write(byte[] frame) throws IOException {
                out.write(frame);
                out.flush();
            }

            @Override
            public void close() throws IOException {
                tcp.close();
            }
        };
    }
}
