package io.jvirt.core.kit.rpc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A UNIX socket in front of another that forwards the bytes both ways, each chunk held back a fixed
 * one-way delay after it was read: an endpoint on this machine made to answer like a host across a
 * network (1 ms each way: a LAN round trip of 2 ms), bandwidth unlimited. Bench's scenario 7 lists its
 * fleet of libvirtd through one relay per daemon. The bytes are not parsed (the sibling
 * {@link CallCountingRelay} reads libvirt's frames).
 *
 * <p>Per relayed connection and direction a reading thread and a writing thread (all named
 * {@value #THREAD_NAME}, so that a measurement can tell their CPU from its client's) with at most
 * {@value #QUEUED} chunks of at most {@value #CHUNK} bytes between them: a reader whose writer is that
 * far behind waits. The end of a side's stream is passed on as a half-close after the same delay.
 * {@link #close} ends the listener, every relayed socket and every thread.
 */
public final class DelayingRelay implements AutoCloseable {

    /** The name of every thread of a relay (15 characters at most: the kernel's thread name keeps it whole). */
    public static final String THREAD_NAME = "delay-relay";
    static final int CHUNK = 64 * 1024;
    static final int QUEUED = 64;
    private static final byte[] END = new byte[0];

    private record Chunk(long due, byte[] bytes) {
    }

    private final Path socket;
    private final long delayNanos;
    private final ServerSocketChannel server;
    private final List<SocketChannel> channels = new CopyOnWriteArrayList<>();
    /** The threads running now (each removes itself when it ends). */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private DelayingRelay(Path socket, long delayNanos, ServerSocketChannel server) {
        this.socket = socket;
        this.delayNanos = delayNanos;
        this.server = server;
    }

    /** Listens on {@code socket} (replaced if there); each client is relayed to a new connection to {@code upstream}. */
    public static DelayingRelay start(Path socket, Path upstream, Duration oneWay) throws IOException {
        if (oneWay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + oneWay);
        }
        Files.deleteIfExists(socket);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(socket));
        DelayingRelay r = new DelayingRelay(socket, oneWay.toNanos(), s);
        r.thread(() -> {
            try {
                while (!r.closed) {
                    SocketChannel client = s.accept();
                    r.channels.add(client);
                    SocketChannel up;
                    try {
                        up = SocketChannel.open(UnixDomainSocketAddress.of(upstream));
                    } catch (IOException e) {
                        client.close(); // the upstream is not there: the client sees its connection end
                        continue;
                    }
                    r.channels.add(up);
                    r.pipe(client, up);
                    r.pipe(up, client);
                }
            } catch (IOException e) {
                // the listener closed
            }
        });
        return r;
    }

    /** The relay's socket. */
    public Path socket() {
        return socket;
    }

    /** The one-way delay. */
    public Duration delay() {
        return Duration.ofNanos(delayNanos);
    }

    private void thread(Runnable body) {
        Thread[] self = new Thread[1];
        Thread t = new Thread(() -> {
            try {
                body.run();
            } finally {
                threads.remove(self[0]);
            }
        }, THREAD_NAME);
        self[0] = t;
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** {@code from}'s bytes to {@code to}, each chunk {@link #delayNanos} after it was read. */
    private void pipe(SocketChannel from, SocketChannel to) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED);
        thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            try {
                while (true) {
                    buf.clear();
                    int n = from.read(buf);
                    if (n < 0) {
                        break;
                    }
                    byte[] bytes = new byte[n];
                    buf.flip().get(bytes);
                    queue.put(new Chunk(System.nanoTime() + delayNanos, bytes));
                }
                queue.put(new Chunk(System.nanoTime() + delayNanos, END));
            } catch (IOException | InterruptedException e) {
                quietly(to); // this side failed or the relay closed: the other side ends too
            }
        });
        thread(() -> {
            try {
                while (true) {
                    Chunk c = queue.take();
                    long left;
                    while ((left = c.due() - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(left);
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                    }
                    if (c.bytes() == END) {
                        to.shutdownOutput();
                        return;
                    }
                    ByteBuffer out = ByteBuffer.wrap(c.bytes());
                    while (out.hasRemaining()) {
                        to.write(out);
                    }
                }
            } catch (IOException | InterruptedException e) {
                quietly(from); // the peer went or the relay closed: stop reading what cannot be delivered
            }
        });
    }

    private static void quietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (SocketChannel c : channels) {
            quietly(c);
        }
        for (Thread t : threads) {
            t.interrupt();
        }
        Files.deleteIfExists(socket);
    }
}
