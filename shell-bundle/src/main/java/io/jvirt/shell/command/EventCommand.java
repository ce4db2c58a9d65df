package io.jvirt.shell.command;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Base of virsh's event commands ({@code event}, {@code net-event}): their common options and
 * virsh's event wait (vshEventStart/vshEventWait). The listener only queues; the command's own
 * thread prints (it owns the console's streams), one event or, with --loop, until the timeout or an
 * interrupt (Ctrl-C); then virsh's closing lines.
 */
public abstract class EventCommand extends VirtCommand {

    /** The event types jvirt delivers (libvirt's virsh knows more for domains; networks have only this one). */
    static final String LIFECYCLE = "lifecycle";

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ");

    @Option(name = "--event", description = "which event type to wait for")
    @Completion(value = StringsCompleter.class, values = {LIFECYCLE})
    String event;
    @Option(name = "--loop", description = "loop until timeout or interrupt, rather than one-shot")
    boolean loop;
    @Option(name = "--timeout", description = "timeout seconds")
    String timeout;
    @Option(name = "--list", description = "list valid event types")
    boolean list;
    @Option(name = "--timestamp", description = "show timestamp for each printed event")
    boolean timestamp;

    /**
     * Waits for events on {@code queue} and prints each as virsh does; prints "event loop timed
     * out" or "event loop interrupted" when the wait ended so, then "events received: N"; fails the
     * command without an error line when none came, as virsh does.
     */
    protected <E> void await(BlockingQueue<E> queue) throws Exception {
        long timeoutMs = timeout == null ? 0 : Numbers.parseTimeoutMs(timeout);
        int count = 0;
        String end = null;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try {
            while (end == null) {
                E e = timeoutMs == 0 ? queue.take() : queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (e == null) {
                    end = "event loop timed out";
                } else {
                    print(e);
                    count++;
                    if (!loop) {
                        end = "";
                    }
                }
            }
        } catch (InterruptedException e) {
            end = "event loop interrupted";
        }
        if (!end.isEmpty()) {
            out().println(end);
        }
        out().println("events received: " + count);
        if (count == 0) {
            throw quietFailure("no event received");
        }
    }

    /** Checks the timeout option before anything is subscribed (virsh's vshCommandOptTimeoutToMs). */
    protected void checkTimeout() throws Exception {
        if (timeout != null) {
            Numbers.parseTimeoutMs(timeout);
        }
    }

    private void print(Object e) {
        if (timestamp) {
            out().print(ZonedDateTime.now().format(TIMESTAMP) + ": ");
        }
        out().println(e);
        // each event reaches the user when it happens, not when the loop ends
        deliver();
    }
}
