package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "suspend", description = "Suspend a domain")
@Service
public class Suspend extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to suspend domain '" + domain + "'", d -> d.suspend());
        out().println(String.format("Domain '%s' suspended", domain));
    }
}
