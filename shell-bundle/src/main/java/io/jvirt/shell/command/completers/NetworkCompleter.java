package io.jvirt.shell.command.completers;

import java.util.Collection;
import java.util.Map;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.jvirt.api.Connection;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkListFilter;

/**
 * Completes the names of the session connection's networks that the command being typed accepts,
 * as virsh's virshNetworkNameCompleter does with each command's list flags: inactive networks for
 * {@code net-start}, active ones for {@code net-destroy} and {@code net-dhcp-leases}, persistent
 * ones for {@code net-undefine} and {@code net-autostart}, any for the rest.
 */
@Service
public class NetworkCompleter extends ConnectionCompleter {

    /** The networks each command accepts (virsh's VIRSH_COMMON_OPT_NETWORK_FULL flags); others take any. */
    private static final Map<String, NetworkListFilter[]> BY_COMMAND = Map.of(
        "net-start", new NetworkListFilter[] {NetworkListFilter.INACTIVE},
        "net-destroy", new NetworkListFilter[] {NetworkListFilter.ACTIVE},
        "net-dhcp-leases", new NetworkListFilter[] {NetworkListFilter.ACTIVE},
        "net-undefine", new NetworkListFilter[] {NetworkListFilter.PERSISTENT},
        "net-autostart", new NetworkListFilter[] {NetworkListFilter.PERSISTENT});

    @Override
    protected void words(Connection c, CommandLine commandLine, Collection<String> out) {
        for (Network n : c.listAllNetworks(forCommand(command(commandLine)))) {
            out.add(word(n));
        }
    }

    /** What is offered for a network: its name. */
    protected String word(Network n) {
        return n.name();
    }

    private static String command(CommandLine commandLine) {
        return commandLine.getArguments().length == 0 ? "" : commandLine.getArguments()[0];
    }

    static NetworkListFilter[] forCommand(String command) {
        String name = command.substring(command.indexOf(':') + 1);
        return BY_COMMAND.getOrDefault(name, new NetworkListFilter[0]);
    }
}
