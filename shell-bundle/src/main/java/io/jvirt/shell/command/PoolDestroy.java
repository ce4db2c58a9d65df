package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "pool-destroy", description = "destroy (stop) a pool")
@Service
public class PoolDestroy extends PoolFlagsCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to destroy pool " + pool, p -> p.destroy());
        out().println("Pool " + pool + " destroyed");
    }
}
