package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.CreateFlag;
import io.jvirt.api.Domain;

@Command(scope = "virt", name = "start", description = "Start a (previously defined) inactive domain")
@Service
public class Start extends DomainCommand {

    @Option(name = "--paused", description = "leave the guest paused after creation")
    boolean paused;

    @Override
    protected void run() throws Exception {
        Domain d = lookup();
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
