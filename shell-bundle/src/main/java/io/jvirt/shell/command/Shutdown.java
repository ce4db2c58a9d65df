package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "shutdown", description = "Gracefully shutdown a domain")
@Service
public class Shutdown extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to shutdown domain '" + domain + "'", d -> d.shutdown());
        out().println("Domain '" + domain + "' is being shutdown");
    }
}
