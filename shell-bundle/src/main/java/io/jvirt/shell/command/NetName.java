package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.shell.command.completers.NetworkUuidCompleter;

/** virsh's net-name: a UUID only (VIRSH_BYUUID). */
@Command(scope = "virt", name = "net-name", description = "convert a network UUID to network name")
@Service
public class NetName extends VirtCommand {

    @Argument(index = 0, name = "network", description = "network uuid", required = true)
    @Completion(NetworkUuidCompleter.class)
    String network;

    @Override
    protected void run() throws Exception {
        out().println(lookupNetwork(network, NetworkLookup.BY_UUID).name());
    }
}
