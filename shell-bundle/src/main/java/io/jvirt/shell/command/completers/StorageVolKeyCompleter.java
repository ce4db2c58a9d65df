package io.jvirt.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.Connector;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.StorageVol;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.SessionConnection;

/** Completes the keys of the volumes of every active pool, as virsh's virshStorageVolKeyCompleter (vol-name, vol-pool). */
@Service
public class StorageVolKeyCompleter implements Completer {

    @Reference
    Connector connector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter words = new StringsCompleter();
        try {
            for (StoragePool p : SessionConnection.get(session, connector).listAllStoragePools(StoragePoolListFilter.ACTIVE)) {
                for (StorageVol v : p.listAllVolumes()) {
                    words.getStrings().add(v.key());
                }
            }
        } catch (VirtException e) {
            // no connection, no storage in this driver, or a pool stopped meanwhile: what was found so far
        }
        return words.complete(session, commandLine, candidates);
    }
}
