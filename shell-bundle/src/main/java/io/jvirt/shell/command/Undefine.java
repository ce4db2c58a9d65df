package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.UndefineFlag;

@Command(scope = "virt", name = "undefine", description = "Undefine a domain")
@Service
public class Undefine extends DomainFlagsCommand {

    @Option(name = "--managed-save", description = "remove domain managed state file")
    boolean managedSave;

    @Override
    protected void run() throws Exception {
        act("Failed to undefine domain '" + domain + "'", d -> {
            if (managedSave) {
                d.undefine(UndefineFlag.MANAGED_SAVE);
            } else {
                d.undefine();
            }
        });
        out().println("Domain '" + domain + "' has been undefined");
    }
}
