package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;

import io.jvirt.api.ModificationImpact;

/**
 * Base of commands on one domain with virsh's --current/--live/--config whose other arguments
 * virsh also names as options ({@code iothreadadd fc4 3} or {@code iothreadadd fc4 --id 3}): the
 * words after the domain are read by {@link TrailingOptions}, the options among them set and the
 * other words given to the command's {@link #positionalOptions()}.
 */
public abstract class ImpactFlagsCommand extends ImpactCommand {

    @Argument(index = 1, name = "args", description = "the command's arguments; its options may also follow the domain, as in virsh",
        multiValued = true)
    List<String> trailing = new ArrayList<>();

    @Override
    protected void prepare() throws Exception {
        readTrailingOptions(trailing);
    }

    /** The flags of --current/--live/--config, checked as virsh checks them. */
    protected ModificationImpact[] impactFlags() throws Exception {
        return impact().toArray(ModificationImpact[]::new);
    }
}
