package io.jvirt.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's event loop (libvirtd's virEventPoll with virNetServerClient's I/O callbacks): one
 * thread at a time waits on every client socket at once (UNIX, plain TCP, TLS: their handshakes too)
 * and reads their frames without blocking. Replies are written by whoever produces them as far as
 * the socket takes them; only the rest waits here for the socket to drain. A client costs no
 * thread, only its few buffers.
 * <p>
 * A call read by the loop is run by the thread that read it (leader/followers): at the end of its
 * round the thread hands the loop to an idle loop thread (or a new one) and runs the call itself,
 * then waits to lead again. A call's round trip thus wakes one server thread, the one the socket
 * woke, where a hand-over to a worker woke a second one and waited for it to be scheduled (about
 * 15 us per call here, measured with one libvirt-python client). One call per round goes this way,
 * the others of the round to the worker pool; when {@value #LOOP_THREADS} loop threads are busy, to
 * the workers too. A call that waits (on a hypervisor, a file, a remote server) holds only its own
 * thread: the loop has moved on before it starts.
 */
final class RpcEventLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RpcEventLoop.class);
    /** What one read takes at most; frames are copied out of it, so it is shared by every client. */
    private static final int READ_BUFFER = 64 * 1024;
    /** Threads that lead the loop or run the call they read: one leads, the others run a call or wait to lead. */
    static final int LOOP_THREADS = 4;

    private final Selector selector;
    private final ThreadPoolExecutor threads;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The thread leading the loop now; null while it is handed over. */
    private volatile Thread leader;
    private volatile boolean stopping;
    // the leader's only: the call it runs itself once its round is done, and where it goes otherwise
    private Runnable deferred;
    private Executor deferredElse;

    RpcEventLoop(String name) throws IOException {
        selector = Selector.open();
        AtomicInteger n = new AtomicInteger();
        // no queue: the loop goes to an idle loop thread, or a new one, or stays where it is
        threads = new ThreadPoolExecutor(0, LOOP_THREADS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::lead);
    }

    /** Runs a task on the loop's thread (soon: the loop is woken). */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    boolean inLoop() {
        return Thread.currentThread() == leader;
    }

    /**
     * On the loop: runs {@code call} on this thread once the loop's current round is done, after
     * handing the loop to another thread; where that cannot be (a call is taken for this round
     * already), false: the caller gives it to {@code orElse}. When no loop thread is free at the
     * round's end, the call goes to {@code orElse} then.
     */
    boolean runAfterRound(Runnable call, Executor orElse) {
        if (!inLoop() || deferred != null || stopping) {
            return false;
        }
        deferred = call;
        deferredElse = orElse;
        return true;
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

    /** Leads the loop until it is handed over (then runs the call it read) or the loop stops. */
    private void lead() {
        leader = Thread.currentThread();
        Runnable call = null;
        boolean handedOver = false;
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
                if (deferred != null) {
                    call = deferred;
                    Executor orElse = deferredElse;
                    deferred = null;
                    deferredElse = null;
                    if (handOver()) {
                        handedOver = true;
                        break;
                    }
                    try {
                        orElse.execute(call);
                    } catch (RejectedExecutionException e) {
                        runSafely(call); // the server is stopping: its workers are gone
                    }
                    call = null;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!stopping) {
                LOG.error("the RPC event loop stopped", e);
            }
        }
        if (handedOver) {
            runSafely(call); // the loop is another thread's now
            return;
        }
        leader = null;
        if (deferred != null) {
            runSafely(deferred); // the loop failed after taking it: answered all the same
            deferred = null;
        }
        for (Runnable r; (r = tasks.poll()) != null;) {
            runSafely(r);
        }
        stopped.countDown();
    }

    /** Gives the loop to another loop thread; false when none is free (this one leads on). */
    private boolean handOver() {
        leader = null;
        try {
            threads.execute(this::lead);
            return true;
        } catch (RejectedExecutionException e) {
            leader = Thread.currentThread();
            return false;
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
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                LOG.warn("the RPC event loop did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdown();
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector", e);
        }
    }
}
