package io.jvirt.shell.command;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Connection;
import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NetworkEventListener;
import io.jvirt.api.Registration;
import io.jvirt.shell.command.completers.NetworkCompleter;

/**
 * virsh's {@code net-event}: waits for network lifecycle events and prints them as virsh does
 * ({@link EventCommand}). Unlike virsh 9.0, which goes on to listen to every network when --network
 * names none, an unknown network fails the command after virsh's error lines.
 */
@Command(scope = "virt", name = "net-event", description = "List event types, or wait for network events to occur")
@Service
public class NetEvent extends EventCommand {

    @Option(name = "--network", description = "filter by network name or uuid")
    @Completion(NetworkCompleter.class)
    String network;

    @Override
    protected void run() throws Exception {
        if (list) {
            out().println(LIFECYCLE);
            return;
        }
        if (event == null) {
            throw failure("either --list or --event <type> is required");
        }
        if (!event.equals(LIFECYCLE)) {
            throw failure("unknown event type " + event);
        }
        checkTimeout();
        Connection conn = connection();
        BlockingQueue<NetworkEvent> events = new LinkedBlockingQueue<>();
        NetworkEventListener listener = (c, n, e) -> events.add(e);
        try (Registration r = network == null ? conn.addNetworkEventListener(listener)
            : conn.addNetworkEventListener(lookupNetwork(network, NetworkLookup.BY_UUID | NetworkLookup.BY_NAME), listener)) {
            await(events);
        }
    }
}
