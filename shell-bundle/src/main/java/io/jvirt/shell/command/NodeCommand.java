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
        alreadySeen();
        readTrailingOptions(words);
    }

    /**
     * virsh reads the words in order: a plain word first takes the positional option, which the
     * option named after it then finds taken ("option --cellno already seen"); named first, the
     * plain word after it is "unexpected data" (what {@link #readTrailingOptions} says).
     */
    private void alreadySeen() throws CommandException {
        if (positionalOptions().isEmpty()) {
            return;
        }
        String option = positionalOptions().get(0);
        boolean plain = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals(option) || w.startsWith(option + "=")) {
                if (plain) {
                    throw failure("option " + option + " already seen");
                }
                if (w.equals(option)) {
                    i++;
                }
            } else if (!w.startsWith("--")) {
                plain = true;
            }
        }
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
