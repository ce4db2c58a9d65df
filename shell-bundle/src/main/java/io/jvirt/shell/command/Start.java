package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.CreateFlag;
import io.jvirt.api.Domain;

@Command(scope = "virt", name = "start", description = "Start a (previously defined) inactive domain")
@Service
public class Start extends DomainFlagsCommand {

    @Option(name = "--paused", description = "leave the guest paused after creation")
    boolean paused;

    @Override
    protected void run() throws Exception {
        // virsh starts a domain named by name or UUID only: an inactive domain has no id
        Domain d = DomainLookup.find(connection(), domain, false);
        if (d == null) {
            throw failure("failed to get domain '" + domain + "'");
        }
        if (d.id() >= 0) {
            // virsh checks this itself before asking the driver
            throw failure("Domain is already active");
        }
        act(d, "Failed to start domain '" + domain + "'", x -> {
            if (paused) {
                x.create(CreateFlag.PAUSED);
            } else {
                x.create();
            }
        });
        out().println("Domain '" + domain + "' started");
    }
}
