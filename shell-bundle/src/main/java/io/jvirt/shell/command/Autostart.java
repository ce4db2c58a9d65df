package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "autostart", description = "Autostart a domain")
@Service
public class Autostart extends DomainFlagsCommand {

    @Option(name = "--disable", description = "disable autostarting")
    boolean disable;

    @Override
    protected void run() throws Exception {
        String verb = disable ? "unmark" : "mark";
        act("Failed to " + verb + " domain '" + domain + "' as autostarted", d -> d.setAutostart(!disable));
        out().println("Domain '" + domain + "' " + verb + "ed as autostarted");
    }
}
