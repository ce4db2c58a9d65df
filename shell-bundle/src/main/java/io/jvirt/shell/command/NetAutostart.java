package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "net-autostart", description = "autostart a network")
@Service
public class NetAutostart extends NetworkCommand {

    @Option(name = "--disable", description = "disable autostarting")
    boolean disable;

    @Override
    protected void run() throws Exception {
        String verb = disable ? "unmark" : "mark";
        act("failed to " + verb + " network " + network + " as autostarted", n -> n.setAutostart(!disable));
        out().println("Network " + network + " " + verb + "ed as autostarted");
    }
}
