package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "net-destroy", description = "destroy (stop) a network")
@Service
public class NetDestroy extends NetworkCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to destroy network " + network, n -> n.destroy());
        out().println("Network " + network + " destroyed");
    }
}
