package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "uri", description = "Print the hypervisor canonical URI")
@Service
public class Uri extends VirtCommand {

    @Override
    protected void run() {
        out().println(connection().uri());
    }
}
