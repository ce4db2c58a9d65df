package io.jvirt.shell.command;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.Connection;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventListener;
import io.jvirt.api.Registration;
import io.jvirt.shell.command.completers.DomainCompleter;

/**
 * virsh's {@code event}: waits for domain events and prints them as virsh does. The listener only
 * queues; this command's own thread prints (it owns the console's streams), so Ctrl-C (an
 * interrupt) and --timeout end the wait.
 */
@Command(scope = "virt", name = "event", description = "List event types, or wait for domain events to occur")
@Service
public class Event extends VirtCommand {

    /** The event types jvirt delivers (libvirt's virsh knows more). */
    static final String LIFECYCLE = "lifecycle";

    @Option(name = "--domain", description = "filter by domain name, id or uuid")
    @Completion(DomainCompleter.class)
    String domain;
    @Option(name = "--event", description = "which event type to wait for")
    @Completion(value = StringsCompleter.class, values = {LIFECYCLE})
    String event;
    @Option(name = "--all", description = "wait for all events instead of just one type")
    boolean all;
    @Option(name = "--loop", description = "loop until timeout or interrupt, rather than one-shot")
    boolean loop;
    @Option(name = "--timeout", description = "timeout seconds")
    String timeout;
    @Option(name = "--list", description = "list valid event types")
    boolean list;
    @Option(name = "--timestamp", description = "show timestamp for each printed event")
    boolean timestamp;

    @Override
    protected void run() throws Exception {
        exclusive(all, "all", event != null, "event");
        exclusive(list, "list", all, "all");
        exclusive(list, "list", event != null, "event");
        if (list) {
            out().println(LIFECYCLE);
            return;
        }
        if (event == null && !all) {
            throw failure("one of --list, --all, or --event <type> is required");
        }
        if (event != null && !event.equals(LIFECYCLE)) {
            throw failure("unknown event type " + event);
        }
        long timeoutMs = timeout == null ? 0 : Numbers.parseTimeoutMs(timeout);
        Connection conn = connection();
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        DomainEventListener listener = (c, d, e) -> events.add(e);
        int count = 0;
        String end = null;
        try (Registration r = domain == null ? conn.addDomainEventListener(listener)
            : conn.addDomainEventListener(lookup(domain), listener)) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (end == null) {
                DomainEvent e = timeoutMs == 0 ? events.take()
                    : events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
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
            // virsh fails the command without an error line
            throw quietFailure("no event received");
        }
    }

    private void print(DomainEvent e) {
        if (timestamp) {
            out().print(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSZ")) + ": ");
        }
        out().println(e);
        // each event reaches the user when it happens, not when the loop ends
        deliver();
    }
}
