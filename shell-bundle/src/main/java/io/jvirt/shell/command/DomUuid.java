package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "domuuid", description = "Convert a domain name or id to domain UUID")
@Service
public class DomUuid extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        out().println(lookup().uuidString());
    }
}
