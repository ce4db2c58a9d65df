package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.jvirt.shell.command.completers.StoragePoolCompleter;

/** A volume command whose pool may follow the volume as the second word ({@code vol-info VOL POOL}). */
public abstract class VolumePoolArgCommand extends VolumeCommand {

    @Argument(index = 1, name = "pool", description = "pool name or uuid")
    @Completion(StoragePoolCompleter.class)
    protected String poolArg;

    @Override
    protected String positionalPool() {
        return poolArg;
    }
}
