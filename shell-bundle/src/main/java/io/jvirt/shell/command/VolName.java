package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.shell.command.completers.StorageVolKeyCompleter;

/** virsh's vol-name: the volume of a key or path (no pool option). */
@Command(scope = "virt", name = "vol-name", description = "returns the volume name for a given volume key or path")
@Service
public class VolName extends VirtCommand {

    @Argument(index = 0, name = "vol", description = "volume key or path", required = true)
    @Completion(StorageVolKeyCompleter.class)
    String vol;

    @Override
    protected void run() throws Exception {
        out().println(StorageVolLookup.find(connection(), vol, null, false, StoragePoolLookup.BY_UUID).name());
    }
}
