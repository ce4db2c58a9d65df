package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** virsh managedsave: the hypervisor keeps the domain's state, the next start restores it. */
@Command(scope = "virt", name = "managedsave", description = "Managed save of a domain state")
@Service
public class ManagedSave extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        act("Failed to save domain '" + domain + "' state", d -> d.managedSave());
        // virsh: vshPrintExtra(ctl, _("\nDomain '%s' state saved by libvirt\n"), name)
        out().println();
        out().println(String.format("Domain '%s' state saved by libvirt", domain));
    }
}
