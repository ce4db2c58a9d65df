package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "pool-undefine", description = "undefine an inactive pool")
@Service
public class PoolUndefine extends PoolFlagsCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to undefine pool " + pool, p -> p.undefine());
        out().println("Pool " + pool + " has been undefined");
    }
}
