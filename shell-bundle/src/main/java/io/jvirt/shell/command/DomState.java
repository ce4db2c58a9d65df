package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StateReason;

@Command(scope = "virt", name = "domstate", description = "Domain state")
@Service
public class DomState extends DomainFlagsCommand {

    @Option(name = "--reason", description = "also print reason for the state")
    boolean reason;

    @Override
    protected void run() throws Exception {
        StateReason s = lookup().state();
        out().println(reason ? s.toString() : s.state().label());
    }
}
