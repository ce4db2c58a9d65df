package io.jvirt.shell.command.completers;

import java.util.Collection;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.jvirt.api.Connection;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.StorageVol;

/** Completes the keys of the volumes of every active pool, as virsh's virshStorageVolKeyCompleter (vol-name, vol-pool). */
@Service
public class StorageVolKeyCompleter extends ConnectionCompleter {

    @Override
    protected void words(Connection c, CommandLine commandLine, Collection<String> out) {
        // a pool stopped meanwhile ends the listing: what was found so far is offered
        for (StoragePool p : c.listAllStoragePools(StoragePoolListFilter.ACTIVE)) {
            for (StorageVol v : p.listAllVolumes()) {
                out.add(v.key());
            }
        }
    }
}
