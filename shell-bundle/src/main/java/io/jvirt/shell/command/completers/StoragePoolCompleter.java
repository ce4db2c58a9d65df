package io.jvirt.shell.command.completers;

import java.util.Collection;
import java.util.Map;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.jvirt.api.Connection;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolListFilter;

/**
 * Completes the names of the session connection's storage pools that the command being typed
 * accepts, as virsh's virshStoragePoolNameCompleter does with each command's list flags
 * (VIRSH_COMMON_OPT_POOL_FULL's): inactive pools for pool-start and pool-delete, active ones for
 * pool-destroy, pool-refresh and every vol-* command, persistent ones for pool-undefine and
 * pool-autostart, any for the rest.
 */
@Service
public class StoragePoolCompleter extends ConnectionCompleter {

    private static final StoragePoolListFilter[] ACTIVE = {StoragePoolListFilter.ACTIVE};
    private static final Map<String, StoragePoolListFilter[]> BY_COMMAND = Map.of(
        "pool-start", new StoragePoolListFilter[] {StoragePoolListFilter.INACTIVE},
        "pool-delete", new StoragePoolListFilter[] {StoragePoolListFilter.INACTIVE},
        "pool-destroy", ACTIVE,
        "pool-refresh", ACTIVE,
        "pool-undefine", new StoragePoolListFilter[] {StoragePoolListFilter.PERSISTENT},
        "pool-autostart", new StoragePoolListFilter[] {StoragePoolListFilter.PERSISTENT});

    @Override
    protected void words(Connection c, CommandLine commandLine, Collection<String> out) {
        for (StoragePool p : c.listAllStoragePools(forCommand(command(commandLine)))) {
            out.add(p.name());
        }
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
