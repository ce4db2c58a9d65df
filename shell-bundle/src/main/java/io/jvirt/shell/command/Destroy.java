package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.DestroyFlag;

@Command(scope = "virt", name = "destroy", description = "Destroy (stop) a domain")
@Service
public class Destroy extends DomainFlagsCommand {

    @Option(name = "--graceful", description = "terminate gracefully")
    boolean graceful;

    @Override
    protected void run() throws Exception {
        act("Failed to destroy domain '" + domain + "'", d -> {
            if (graceful) {
                d.destroy(DestroyFlag.GRACEFUL);
            } else {
                d.destroy();
            }
        });
        out().println("Domain '" + domain + "' destroyed");
    }
}
