package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.jvirt.shell.command.completers.StoragePoolCompleter;

/**
 * A volume command whose pool may follow the volume as the second word ({@code vol-info VOL POOL}),
 * with options after it as virsh allows ({@code vol-info VOL --pool POOL --bytes}).
 */
public abstract class VolumePoolArgCommand extends VolumeCommand {

    @Argument(index = 1, name = "pool", description = "pool name or uuid", multiValued = true)
    @Completion(StoragePoolCompleter.class)
    protected List<String> rest = new ArrayList<>();

    @Override
    protected List<String> trailing() {
        return rest;
    }
}
