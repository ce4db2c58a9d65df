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
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.SessionConnection;

/**
 * Completes the names of the session connection's storage pools that the command being typed
 * accepts, as virsh's virshStoragePoolNameCompleter does with each command's list flags
 * (VIRSH_COMMON_OPT_POOL_FULL's): inactive pools for pool-start and pool-delete, active ones for
 * pool-destroy, pool-refresh and every vol-* command, persistent ones for pool-undefine and
 * pool-autostart, any for the rest.
 */
@Service
public class StoragePoolCompleter implements Completer {

    private static final StoragePoolListFilter[] ACTIVE = {StoragePoolListFilter.ACTIVE};
    private static final Map<String, StoragePoolListFilter[]> BY_COMMAND = Map.of(
        "pool-start", new StoragePoolListFilter[] {StoragePoolListFilter.INACTIVE},
        "pool-delete", new StoragePoolListFilter[] {StoragePoolListFilter.INACTIVE},
        "pool-destroy", ACTIVE,
        "pool-refresh", ACTIVE,
        "pool-undefine", new StoragePoolListFilter[] {StoragePoolListFilter.PERSISTENT},
        "pool-autostart", new StoragePoolListFilter[] {StoragePoolListFilter.PERSISTENT});

    @Reference
    Connector connector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter words = new StringsCompleter();
        try {
            for (StoragePool p : SessionConnection.get(session, connector).listAllStoragePools(forCommand(command(commandLine)))) {
                words.getStrings().add(p.name());
            }
        } catch (VirtException e) {
            // no connection or no storage in this driver: no candidates
        }
        return words.complete(session, commandLine, candidates);
    }

    static String command(CommandLine commandLine) {
        return commandLine.getArguments().length == 0 ? "" : commandLine.getArguments()[0];
    }

    static StoragePoolListFilter[] forCommand(String command) {
        String name = command.substring(command.indexOf(':') + 1);
        if (name.startsWith("vol-")) {
            return ACTIVE;
        }
        return BY_COMMAND.getOrDefault(name, new StoragePoolListFilter[0]);
    }
}
