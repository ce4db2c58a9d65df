package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "reboot", description = "Reboot a domain")
@Service
public class Reboot extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to reboot domain '" + domain + "'", d -> d.reboot());
        out().println("Domain '" + domain + "' is being rebooted");
    }
}
