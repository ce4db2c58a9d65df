package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "resume", description = "Resume a domain")
@Service
public class Resume extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to resume domain '" + domain + "'", d -> d.resume());
        out().println(String.format("Domain '%s' resumed", domain));
    }
}
