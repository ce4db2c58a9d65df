package io.jvirt.shell.command.completers;

import java.util.Collection;
import java.util.Map;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ListFilter;

/**
 * Completes the names of the session connection's domains that the command being typed accepts,
 * as virsh's domain completer does with each command's list flags: only running domains for
 * {@code suspend}, paused ones for {@code resume}, inactive ones for {@code start}, ... The
 * subclasses complete a fixed selection, for arguments other than a command's first.
 */
@Service
public class DomainCompleter extends ConnectionCompleter {

    /** The domains each command accepts (virsh's VIRSH_COMMON_OPT_DOMAIN_FULL flags); others take any. */
    private static final Map<String, ListFilter[]> BY_COMMAND = Map.ofEntries(
        Map.entry("start", new ListFilter[] {ListFilter.INACTIVE}),
        Map.entry("suspend", new ListFilter[] {ListFilter.RUNNING}),
        Map.entry("resume", new ListFilter[] {ListFilter.PAUSED}),
        Map.entry("shutdown", new ListFilter[] {ListFilter.ACTIVE}),
        Map.entry("reboot", new ListFilter[] {ListFilter.ACTIVE}),
        Map.entry("reset", new ListFilter[] {ListFilter.ACTIVE}),
        Map.entry("destroy", new ListFilter[] {ListFilter.ACTIVE}),
        Map.entry("dommemstat", new ListFilter[] {ListFilter.ACTIVE}),
        Map.entry("domhostname", new ListFilter[] {ListFilter.ACTIVE}),
        Map.entry("undefine", new ListFilter[] {ListFilter.PERSISTENT}),
        Map.entry("managedsave", new ListFilter[] {ListFilter.ACTIVE}),
        Map.entry("managedsave-remove", new ListFilter[] {ListFilter.MANAGEDSAVE}),
        Map.entry("autostart", new ListFilter[] {ListFilter.PERSISTENT}));

    @Override
    protected void words(Connection c, CommandLine commandLine, Collection<String> out) {
        for (Domain d : c.listAllDomains(filters(commandLine))) {
            out.add(d.name());
        }
    }

    /** The selection of domains to offer; by default the one the command being typed accepts. */
    protected ListFilter[] filters(CommandLine commandLine) {
        return forCommand(commandLine.getArguments().length == 0 ? "" : commandLine.getArguments()[0]);
    }

    static ListFilter[] forCommand(String command) {
        String name = command.substring(command.indexOf(':') + 1);
        return BY_COMMAND.getOrDefault(name, new ListFilter[0]);
    }
}
