package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;

/**
 * Base of commands on one pool with no argument of their own: their options may also follow the
 * pool, as virsh takes them ({@code pool-info default --bytes}).
 */
public abstract class PoolFlagsCommand extends PoolCommand {

    @Argument(index = 1, name = "options", description = "the command's options may also follow the pool, as in virsh",
        multiValued = true)
    List<String> trailing = new ArrayList<>();

    @Override
    protected void prepare() throws Exception {
        readTrailingOptions(trailing);
    }
}
