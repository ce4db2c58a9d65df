package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "net-start", description = "start a (previously defined) inactive network")
@Service
public class NetStart extends NetworkCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to start network " + network, n -> n.create());
        out().println("Network " + network + " started");
    }
}
