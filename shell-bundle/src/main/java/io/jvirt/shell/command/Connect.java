package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Connection;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.UriCompleter;

@Command(scope = "virt", name = "connect", description = "(Re)connect the console session to a hypervisor")
@Service
public class Connect extends VirtCommand {

    @Argument(index = 0, name = "name", description = "hypervisor connection URI or the name of a named connection (default: the configured URI)")
    @Completion(UriCompleter.class)
    String uri;

    @Option(name = "--readonly", description = "read-only connection (always, for users without the admin role)")
    boolean readOnly;

    @Override
    protected void run() throws Exception {
        Connection c;
        try {
            c = SessionConnection.open(connector, uri, readOnly);
        } catch (VirtException e) {
            throw failure("Failed to connect to the hypervisor", e);
        }
        setConnection(c, uri, readOnly);
    }
}
