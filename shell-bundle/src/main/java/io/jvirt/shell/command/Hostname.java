package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "hostname", description = "Print the hypervisor hostname")
@Service
public class Hostname extends VirtCommand {

    @Override
    protected void run() {
        out().println(connection().hostname());
    }
}
