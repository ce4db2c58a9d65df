package io.jvirt.core.kit.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An {@link RpcTransport} on a blocking {@link SocketChannel}: a UNIX socket (libvirt's
 * {@code +unix}) or plain TCP ({@code +tcp}). Reads and writes go to the channel directly:
 * {@code Channels.newInputStream/newOutputStream} share the channel's blocking lock, so a write
 * would wait for the reader's blocked read to end. {@link RpcClient} puts the channel in non-blocking
 * mode (its callers then read their own replies, and one shared selector watches idle clients);
 * the streams then wait for the channel to be ready as a blocking channel would.
 *
 * @since 1.1.0
 */
public final class ChannelTransport implements RpcTransport {

    private final SocketChannel channel;
    private final String description;
    private final boolean secure;
    private final InputStream in;
    private final OutputStream out;
    /** Waits for readability and writability once the channel is non-blocking, opened on first need. */
    private Selector readWait;
    private Selector writeWait;

    private ChannelTransport(SocketChannel channel, String description, boolean secure) {
        this.channel = channel;
        this.description = description;
        this.secure = secure;
        this.in = new InputStream() {
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
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                int n;
                while ((n = channel.read(buf)) == 0) {
                    await(SelectionKey.OP_READ);
                }
                return n;
            }
        };
        this.out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    if (channel.write(buf) == 0 && buf.hasRemaining()) {
                        await(SelectionKey.OP_WRITE);
                    }
                }
            }
        };
    }

    /**
     * Waits until the non-blocking channel can be read or written (a blocking channel never returns
     * 0 and never comes here); ends when the channel is closed.
     */
    private void await(int op) throws IOException {
        Selector s;
        synchronized (this) {
            if (!channel.isOpen()) {
                throw new java.nio.channels.ClosedChannelException();
            }
            s = op == SelectionKey.OP_READ ? readWait : writeWait;
            if (s == null) {
                s = Selector.open();
                channel.register(s, op);
                if (op == SelectionKey.OP_READ) {
                    readWait = s;
                } else {
                    writeWait = s;
                }
            }
        }
        try {
            s.selectedKeys().clear();
            s.select(1000);
        } catch (ClosedSelectorException e) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }

    /** The channel, for {@link RpcClient}'s non-blocking reads (same package: not API). */
    SocketChannel channel() {
        return channel;
    }

    /** A transport over a connected channel (which it now owns). */
    public static ChannelTransport of(SocketChannel channel, String description, boolean secure) {
        return new ChannelTransport(channel, description, secure);
    }

    /**
     * Connects to a UNIX socket (secure: it never leaves the host).
     *
     * @throws IOException as the connect failed
     */
    public static ChannelTransport unix(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new ChannelTransport(ch, "UNIX socket " + socket, true);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Connects over plain TCP within {@code timeout} (not secure: libvirt's {@code +tcp} sends in
     * the clear).
     */
    public static ChannelTransport tcp(String host, int port, Duration timeout) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.socket().connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            ch.socket().setTcpNoDelay(true);
            ch.socket().setKeepAlive(true);
            return new ChannelTransport(ch, "TCP " + host + ":" + port, false);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return out;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public boolean isEncrypted() {
        return false;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a socket: nothing left to do about it
        }
        Selector r;
        Selector w;
        synchronized (this) {
            r = readWait;
            w = writeWait;
        }
        for (Selector s : new Selector[] {r, w}) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // nothing left to do about it
                }
            }
        }
    }
}
