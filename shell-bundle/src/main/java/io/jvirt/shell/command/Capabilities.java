package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "capabilities", description = "Print the capabilities of the hypervisor")
@Service
public class Capabilities extends VirtCommand {

    @Override
    protected void run() {
        out().print(connection().capabilities());
    }
}
