package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** virsh managedsave-remove: drops the domain's managed save state, if it has one. */
@Command(scope = "virt", name = "managedsave-remove", description = "Remove managed save of a domain")
@Service
public class ManagedSaveRemove extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        boolean[] had = new boolean[1];
        act("Failed to remove managed save image for domain '" + domain + "'", d -> {
            had[0] = d.hasManagedSaveImage();
            if (had[0]) {
                d.managedSaveRemove();
            }
        });
        out().println(had[0] ? String.format("Removed managedsave image for domain '%s'", domain)
            : String.format("Domain '%s' has no manage save image; removal skipped", domain));
    }
}
