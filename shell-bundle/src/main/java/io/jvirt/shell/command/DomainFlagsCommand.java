package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;

/**
 * Base of commands on one domain with no argument of their own but their options: the options may
 * also follow the domain, as virsh takes them ({@code domstate fv0 --reason}, {@code domblklist
 * test --details}), and those virsh takes by position too ({@link #positionalOptions()}) as plain
 * words ({@code cpu-stats test 1 1}).
 */
public abstract class DomainFlagsCommand extends DomainCommand {

    @Argument(index = 1, name = "options", description = "the command's options may also follow the domain, as in virsh",
        multiValued = true)
    List<String> trailing = new ArrayList<>();

    @Override
    protected void prepare() throws Exception {
        readTrailingOptions(trailing);
    }
}
