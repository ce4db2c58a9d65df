package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "domid", description = "Convert a domain name or UUID to domain id")
@Service
public class DomId extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        int id = lookup().id();
        out().println(id < 0 ? "-" : Integer.toString(id));
    }
}
