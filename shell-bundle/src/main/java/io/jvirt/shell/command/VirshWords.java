package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.karaf.shell.support.CommandException;

/**
 * virsh takes options anywhere on its command line ({@code vol-info v1 --pool p --bytes}); Karaf's
 * parser takes them only before the first argument and passes the rest on as arguments. A command
 * whose last argument collects the remaining words reads the options among them here, as virsh
 * would, and gets the plain words back.
 */
final class VirshWords {

    private VirshWords() {
    }

    /**
     * @param command the command's name, for virsh's "command 'x' doesn't support option --y"
     * @param valued  options taking a value ("--name value" or "--name=value"), by name without dashes
     * @param flags   boolean options, by name without dashes
     * @return the words that are not options, in order
     */
    static List<String> parse(String command, List<String> words, Map<String, Consumer<String>> valued,
                              Map<String, Runnable> flags) throws CommandException {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) {
                rest.add(w);
                continue;
            }
            String name = w.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Consumer<String> set = valued.get(name);
            if (set != null) {
                if (value == null) {
                    if (i + 1 == words.size()) {
                        throw VirtCommand.failure("expected syntax: --" + name + " <string>");
                    }
                    value = words.get(++i);
                }
                set.accept(value);
            } else if (flags.containsKey(name) && value == null) {
                flags.get(name).run();
            } else {
                throw VirtCommand.failure("command '" + command + "' doesn't support option --" + name);
            }
        }
        return rest;
    }
}
