package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** virsh's net-uuid: a name only (VIRSH_BYNAME). */
@Command(scope = "virt", name = "net-uuid", description = "convert a network name to network UUID")
@Service
public class NetUuid extends NetworkCommand {

    @Override
    protected void run() throws Exception {
        out().println(lookupNetwork(network, NetworkLookup.BY_NAME).uuidString());
    }
}
