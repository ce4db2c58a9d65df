package io.jvirt.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.core.kit.rpc.RpcFraming;
import io.jvirt.core.kit.rpc.RpcMessage;

/**
 * A client on a blocking transport (TLS over JSSE's SSLSocket): a reader thread (frames in; it
 * waits while the client's requests or a stream are full) and a writer thread (frames out in order,
 * so that a client that stops reading blocks only itself).
 */
final class ThreadedClientIo implements ClientIo {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadedClientIo.class);
    private static final byte[] CLOSE = new byte[0];

    private final ClientSession session;
    private final ClientTransport channel;
    private final LinkedBlockingQueue<byte[]> output = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private Thread reader;
    private Thread writer;

    ThreadedClientIo(ClientSession session, ClientTransport channel) {
        this.session = session;
        this.channel = channel;
    }

    @Override
    public void start() {
        reader = new Thread(null, this::readLoop, "jvirt-rpc-client-" + session.id() + "-reader", 256 * 1024);
        writer = new Thread(null, this::writeLoop, "jvirt-rpc-client-" + session.id() + "-writer", 256 * 1024);
        reader.setDaemon(true);
        writer.setDaemon(true);
        writer.start();
        reader.start();
    }

    @Override
    public void write(byte[] frame) {
        if (!closed) {
            output.add(frame);
        }
    }

    @Override
    public void resume() {
        // the reader waits in the session itself (deliverBlocking)
    }

    private void readLoop() {
        InputStream in = new ChannelInput(channel);
        try {
            while (!closed) {
                RpcMessage m = RpcFraming.read(in, session.maxMessage());
                if (m == null) {
                    session.close(ClientSession.DISCONNECTED);
                    return;
                }
                if (!session.deliverBlocking(m)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close("interrupted");
        } catch (IOException e) {
            session.close(closed ? "closed" : "its socket failed: " + e.getMessage());
        } catch (RuntimeException e) {
            // a frame over the cap, an unknown type or status: nothing after it can be trusted
            session.close("it broke the protocol: " + e.getMessage());
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                byte[] frame = output.take();
                if (frame == CLOSE) {
                    return;
                }
                channel.write(frame);
                session.written(frame.length);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            session.close("writing to it failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}", session, e);
        }
        output.clear();
        output.add(CLOSE);
    }

    @Override
    public void join(long millis) throws InterruptedException {
        if (reader != null) {
            reader.join(millis);
        }
        if (writer != null) {
            writer.join(millis);
        }
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
