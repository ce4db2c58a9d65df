package io.jvirt.shell.command.completers;

import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.Connector;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkListFilter;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.SessionConnection;

/**
 * Completes the names of the session connection's networks that the command being typed accepts,
 * as virsh's virshNetworkNameCompleter does with each command's list flags: inactive networks for
 * {@code net-start}, active ones for {@code net-destroy} and {@code net-dhcp-leases}, persistent
 * ones for {@code net-undefine} and {@code net-autostart}, any for the rest.
 */
@Service
public class NetworkCompleter implements Completer {

    /** The networks each command accepts (virsh's VIRSH_COMMON_OPT_NETWORK_FULL flags); others take any. */
    private static final Map<String, NetworkListFilter[]> BY_COMMAND = Map.of(
        "net-start", new NetworkListFilter[] {NetworkListFilter.INACTIVE},
        "net-destroy", new NetworkListFilter[] {NetworkListFilter.ACTIVE},
        "net-dhcp-leases", new NetworkListFilter[] {NetworkListFilter.ACTIVE},
        "net-undefine", new NetworkListFilter[] {NetworkListFilter.PERSISTENT},
        "net-autostart", new NetworkListFilter[] {NetworkListFilter.PERSISTENT});

    @Reference
    Connector connector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter words = new StringsCompleter();
        try {
            for (Network n : SessionConnection.get(session, connector).listAllNetworks(forCommand(command(commandLine)))) {
                words.getStrings().add(word(n));
            }
        } catch (VirtException e) {
            // no connection or no networks in this driver: no candidates
        }
        return words.complete(session, commandLine, candidates);
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
