package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "pool-refresh", description = "refresh a pool")
@Service
public class PoolRefresh extends PoolFlagsCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to refresh pool " + pool, p -> p.refresh());
        out().println("Pool " + pool + " refreshed");
    }
}
