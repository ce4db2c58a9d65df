package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageVolDeleteFlag;

@Command(scope = "virt", name = "vol-delete", description = "delete a vol")
@Service
public class VolDelete extends VolumePoolArgCommand {

    @Option(name = "--delete-snapshots", description = "delete snapshots associated with volume (must be supported by storage driver)")
    boolean deleteSnapshots;

    @Override
    protected void trailingOptions(java.util.Map<String, java.util.function.Consumer<String>> valued,
                                   java.util.Map<String, Runnable> flags) {
        flags.put("delete-snapshots", () -> deleteSnapshots = true);
    }

    @Override
    protected void run() throws Exception {
        var v = lookupVol();
        act("Failed to delete vol " + vol, v, x -> {
            if (deleteSnapshots) {
                x.delete(StorageVolDeleteFlag.WITH_SNAPSHOTS);
            } else {
                x.delete();
            }
        });
        out().println("Vol " + vol + " deleted");
    }
}
