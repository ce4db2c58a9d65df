package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "reset", description = "Reset a domain")
@Service
public class Reset extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to reset domain '" + domain + "'", d -> d.reset());
        out().println(String.format("Domain '%s' was reset", domain));
    }
}
