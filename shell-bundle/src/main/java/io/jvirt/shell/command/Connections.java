package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.NamedConnectionInfo;
import io.jvirt.api.NamedConnections;

/**
 * The named connections ({@code etc/io.jvirt.connection-NAME.cfg}) and what each is doing: its
 * URI (never a password: the core keeps none in it), its state and, while it is not connected,
 * the last error. Credentials are shown as their reference only ("config", "authfile:PATH#ENTRY").
 */
@Command(scope = "virt", name = "connections", description = "List the named connections and their state")
@Service
public class Connections extends VirtCommand {

    @Reference(optional = true)
    NamedConnections named;

    @Override
    protected void run() throws Exception {
        if (named == null) {
            throw failure("named connections are not available (the core's NamedConnections service is missing)");
        }
        VirshTable table = new VirshTable("Name", "URI", "State", "Credentials", "Last error");
        for (NamedConnectionInfo c : named.list()) {
            String state = c.state().label() + (c.readOnly() ? " (read-only)" : "");
            String error = c.state() == NamedConnectionInfo.State.CONNECTED || c.lastError() == null ? ""
                : c.lastError() + (c.attempts() > 0 ? " (" + c.attempts() + " attempts)" : "");
            table.row(c.name(), c.uri(), state, c.credentials(), error);
        }
        table.print(out());
    }
}
