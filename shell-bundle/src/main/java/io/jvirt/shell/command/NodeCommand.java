package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.support.CommandException;

/**
 * A command on the host (no domain) whose options, as in virsh, may come anywhere and whose
 * numeric option may also be given by position ({@code freecell 1}, {@code nodecpustats 2}).
 */
abstract class NodeCommand extends VirtCommand {

    @Argument(index = 0, name = "options", description = "the command's options, in any order, as in virsh", multiValued = true)
    List<String> words = new ArrayList<>();

    @Override
    protected void prepare() throws Exception {
        readTrailingOptions(words);
    }

    /** virsh's vshCommandOptInt: a signed int, or its error line naming the option. */
    static int signedInt(String value, String option) throws CommandException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw failure("Numeric value '" + value + "' for <" + option + "> option is malformed or out of range");
        }
    }
}
