package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.jvirt.shell.command.completers.StoragePoolCompleter;

/**
 * A volume command with one argument of its own after the volume, then the pool's place
 * ({@code vol-clone VOL NEWNAME POOL}, {@code vol-resize VOL SIZE POOL}, {@code vol-upload VOL FILE POOL}),
 * with options after it as virsh allows.
 */
public abstract class VolumeArgPoolCommand extends VolumeCommand {

    @Argument(index = 2, name = "pool", description = "pool name or uuid", multiValued = true)
    @Completion(StoragePoolCompleter.class)
    protected List<String> rest = new ArrayList<>();

    @Override
    protected List<String> trailing() {
        return rest;
    }
}
