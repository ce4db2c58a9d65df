package io.jvirt.core.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared pool: how each connection delivers its
 * events asynchronously yet in order without a thread of its own.
 *
 * <p>A failing task (even with an Error) or a pool that refuses work must not leave the executor
 * marked as running, or every later task of the connection would queue up forever.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final Executor pool;
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
        }
        schedule();
    }

    /** Starts a drain on the pool unless one is running or nothing is queued. */
    private void schedule() {
        synchronized (tasks) {
            if (running || tasks.isEmpty()) {
                return;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // the pool is shutting down: drop what is queued, nobody will deliver it
            synchronized (tasks) {
                LOG.debug("event pool refused work, dropping {} task(s)", tasks.size());
                tasks.clear();
                running = false;
            }
        }
    }

    private void drain() {
        try {
            while (true) {
                Runnable next;
                synchronized (tasks) {
                    next = tasks.poll();
                    if (next == null) {
                        running = false;
                        return;
                    }
                }
                try {
                    next.run();
                } catch (RuntimeException e) {
                    LOG.warn("event listener failed", e);
                }
            }
        } catch (Error e) {
            // an Error escaped a task: this thread gives up, the rest of the queue goes to a new drain
            synchronized (tasks) {
                running = false;
            }
            schedule();
            throw e;
        }
    }
}
