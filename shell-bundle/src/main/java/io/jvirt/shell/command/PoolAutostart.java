package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "pool-autostart", description = "autostart a pool")
@Service
public class PoolAutostart extends PoolFlagsCommand {

    @Option(name = "--disable", description = "disable autostarting")
    boolean disable;

    @Override
    protected void run() throws Exception {
        String verb = disable ? "unmark" : "mark";
        act("failed to " + verb + " pool " + pool + " as autostarted", p -> p.setAutostart(!disable));
        out().println("Pool " + pool + " " + verb + "ed as autostarted");
    }
}
