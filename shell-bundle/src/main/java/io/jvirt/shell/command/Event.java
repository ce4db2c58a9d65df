package io.jvirt.shell.command;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Connection;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventListener;
import io.jvirt.api.Registration;
import io.jvirt.shell.command.completers.DomainCompleter;

/**
 * virsh's {@code event}: waits for domain events and prints them as virsh does ({@link EventCommand}).
 */
@Command(scope = "virt", name = "event", description = "List event types, or wait for domain events to occur")
@Service
public class Event extends EventCommand {

    @Option(name = "--domain", description = "filter by domain name, id or uuid")
    @Completion(DomainCompleter.class)
    String domain;
    @Option(name = "--all", description = "wait for all events instead of just one type")
    boolean all;

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
        checkTimeout();
        Connection conn = connection();
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        DomainEventListener listener = (c, d, e) -> events.add(e);
        try (Registration r = domain == null ? conn.addDomainEventListener(listener)
            : conn.addDomainEventListener(lookup(domain), listener)) {
            await(events);
        }
    }
}
