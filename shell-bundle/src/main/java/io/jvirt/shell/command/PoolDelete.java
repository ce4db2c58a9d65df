package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "pool-delete", description = "delete a pool")
@Service
public class PoolDelete extends PoolFlagsCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to delete pool " + pool, p -> p.delete());
        out().println("Pool " + pool + " deleted");
    }
}
