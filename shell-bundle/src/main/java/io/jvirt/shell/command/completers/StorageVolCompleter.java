package io.jvirt.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StorageVol;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.SessionConnection;

/**
 * Completes the names of the volumes of the pool the command line names with {@code --pool}, as
 * virsh's virshStorageVolNameCompleter does (no pool named: no candidates).
 */
@Service
public class StorageVolCompleter implements Completer {

    @Reference
    Connector connector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter words = new StringsCompleter();
        String poolName = poolOf(commandLine.getArguments());
        if (poolName != null) {
            try {
                Connection c = SessionConnection.get(session, connector);
                StoragePool pool = poolName.length() == 36 ? byUuidOrName(c, poolName) : c.lookupStoragePoolByName(poolName);
                for (StorageVol v : pool.listAllVolumes()) {
                    words.getStrings().add(v.name());
                }
            } catch (VirtException e) {
                // no such pool, an inactive one, or no storage in this driver: no candidates
            }
        }
        return words.complete(session, commandLine, candidates);
    }

    private static StoragePool byUuidOrName(Connection c, String arg) {
        try {
            return c.lookupStoragePoolByUuidString(arg);
        } catch (VirtException e) {
            return c.lookupStoragePoolByName(arg);
        }
    }

    /** The value of {@code --pool} on the command line ("--pool P" or "--pool=P"), or null. */
    static String poolOf(String[] words) {
        for (int i = 1; i < words.length; i++) {
            if (words[i].equals("--pool") && i + 1 < words.length) {
                return words[i + 1];
            }
            if (words[i].startsWith("--pool=")) {
                return words[i].substring("--pool=".length());
            }
        }
        return null;
    }
}
