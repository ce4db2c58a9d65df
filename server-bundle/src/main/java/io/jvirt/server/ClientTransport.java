package io.jvirt.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The byte stream of one client, whatever carries it: a UNIX or TCP socket channel, or TLS over
 * TCP. One thread reads, another writes; {@link #close} may come from a third and ends both at once
 * (never waiting for the peer).
 */
interface ClientTransport {

    /** Like {@link InputStream#read(byte[], int, int)}: blocks for at least one byte, -1 at end. */
    int read(byte[] b, int off, int len) throws IOException;

    /** Writes the whole frame. */
    void write(byte[] frame) throws IOException;

    void close() throws IOException;

    /** A UNIX or plain TCP socket channel. */
    static ClientTransport of(SocketChannel ch) {
        return new ClientTransport() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                // the channel directly: Channels.newInputStream would hold the channel's blocking
                // lock while it waits for input, and the writer thread could not write meanwhile
                return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
            }

            @Override
            public void write(byte[] frame) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(frame);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

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
