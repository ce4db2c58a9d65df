package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "domname", description = "Convert a domain id or UUID to domain name")
@Service
public class DomName extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        out().println(lookup().name());
    }
}
