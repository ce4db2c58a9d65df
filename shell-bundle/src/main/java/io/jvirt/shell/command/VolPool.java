package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StoragePool;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.StorageVolKeyCompleter;

/** virsh's vol-pool: the pool of the volume of a key or path. */
@Command(scope = "virt", name = "vol-pool", description = "returns the storage pool for a given volume key or path")
@Service
public class VolPool extends VirtCommand {

    @Argument(index = 0, name = "vol", description = "volume key or path", required = true)
    @Completion(StorageVolKeyCompleter.class)
    String vol;
    @Option(name = "--uuid", description = "return the pool uuid rather than pool name")
    boolean uuid;

    @Override
    protected void run() throws Exception {
        var v = StorageVolLookup.find(connection(), vol, null, false, StoragePoolLookup.BY_UUID);
        StoragePool p;
        try {
            p = connection().lookupStoragePoolByVolume(v);
        } catch (VirtException e) {
            throw failure("failed to get parent pool", e);
        }
        out().println(uuid ? p.uuidString() : p.name());
    }
}
