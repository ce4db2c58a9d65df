package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "net-undefine", description = "undefine a persistent network")
@Service
public class NetUndefine extends NetworkCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to undefine network " + network, n -> n.undefine());
        out().println("Network " + network + " has been undefined");
    }
}
