package io.jvirt.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's event loop (libvirtd's virEventPoll with virNetServerClient's I/O callbacks): one
 * thread that waits on every client socket at once (UNIX, plain TCP, TLS: their handshakes too),
 * reads their frames without blocking and hands the calls to the worker pool. Replies are written by whoever produces them (a worker, the
 * keepalive ticker) as far as the socket takes them; only the rest waits here for the socket to
 * drain. A client costs no thread, only its few buffers.
 */
final class RpcEventLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RpcEventLoop.class);
    /** What one read takes at most; frames are copied out of it, so it is shared by every client. */
    private static final int READ_BUFFER = 64 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private volatile boolean stopping;

    RpcEventLoop(String name) throws IOException {
        selector = Selector.open();
        thread = new Thread(null, this::run, name, 256 * 1024);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a task on the loop's thread (soon: the loop is woken). */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    Selector selector() {
        return selector;
    }

    /** The shared read buffer: only for the loop's thread. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Wakes the loop, so that it drops the keys of channels closed from other threads at once. */
    void wakeup() {
        selector.wakeup();
    }

    private void run() {
        try {
            while (!stopping) {
                selector.select();
                for (Runnable r; (r = tasks.poll()) != null;) {
                    runSafely(r);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.attachment() instanceof LoopClient io) {
                        try {
                            io.ready(key);
                        } catch (CancelledKeyException e) {
                            // closed by another thread meanwhile
                        } catch (RuntimeException e) {
                            LOG.warn("the event loop failed on {}", io, e);
                            io.fail("the server failed on it: " + e);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            if (!stopping) {
                LOG.error("the RPC event loop stopped", e);
            }
        } finally {
            for (Runnable r; (r = tasks.poll()) != null;) {
                runSafely(r);
            }
        }
    }

    private static void runSafely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("an event loop task failed", e);
        }
    }

    /** Stops the loop and closes the selector (which releases the descriptors of closed clients). */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector", e);
        }
    }
}
