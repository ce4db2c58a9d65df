package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.jvirt.api.Network;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.NetworkCompleter;

/** Base of commands on one network, named by UUID or name as virsh accepts it (VIRSH_COMMON_OPT_NETWORK_FULL). */
public abstract class NetworkCommand extends VirtCommand {

    @Argument(index = 0, name = "network", description = "network name or uuid", required = true)
    @Completion(NetworkCompleter.class)
    protected String network;

    @Argument(index = 1, name = "options", description = "the command's options may also follow the network, as in virsh",
        multiValued = true)
    List<String> trailing = new ArrayList<>();

    @Override
    protected void prepare() throws Exception {
        readTrailingOptions(trailing);
    }

    /** The network the argument names; virsh's two error lines when none matches. */
    protected Network lookupNetwork() throws Exception {
        return lookupNetwork(network, NetworkLookup.BY_UUID | NetworkLookup.BY_NAME);
    }

    /** Runs one action on the network: "error: CONTEXT", "error: LIBVIRT MESSAGE" when it fails. */
    protected void act(String failureContext, NetworkAction action) throws Exception {
        Network n = lookupNetwork();
        try {
            action.apply(n);
        } catch (VirtException e) {
            throw failure(failureContext, e);
        }
    }

    @FunctionalInterface
    protected interface NetworkAction {
        void apply(Network n);
    }
}
