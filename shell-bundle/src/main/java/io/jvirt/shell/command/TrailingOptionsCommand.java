package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.ModificationImpact;

/**
 * A domain command whose options may also follow the domain, as virsh takes them (Karaf's parser
 * reads options only before the first argument: the words after it are read here), with virsh's
 * --current/--live/--config; and virsh's reading of an I/O thread id (an int, "Invalid IOThread id
 * value" unless positive) for the iothread commands.
 */
abstract class TrailingOptionsCommand extends DomainCommand {

    @Option(name = "--config", description = "affect next boot")
    boolean config;
    @Option(name = "--live", description = "affect running domain")
    boolean live;
    @Option(name = "--current", description = "affect current domain")
    boolean current;

    @Argument(index = 1, name = "args", description = "the command's arguments and options", multiValued = true)
    List<String> words = new ArrayList<>();

    /** Options taking a value this command has besides the impact flags, by name without dashes. */
    protected Map<String, Consumer<String>> valuedOptions() {
        return new HashMap<>();
    }

    /** An id given as "--id N" (virsh names every positional option too). */
    private String idOption;

    /** "--id N" before the domain's other words, where Karaf's parser reads options itself. */
    @Option(name = "--id", description = "IOThread ID number (instead of the argument)")
    String idFlag;

    /** Whether the command's first argument is an I/O thread id, which virsh also takes as --id. */
    protected boolean takesId() {
        return false;
    }

    /** The words after the domain with the options read out: the positional arguments, at most {@code max}. */
    protected List<String> arguments(String command, int max) throws CommandException {
        Map<String, Runnable> flags = new HashMap<>();
        flags.put("config", () -> config = true);
        flags.put("live", () -> live = true);
        flags.put("current", () -> current = true);
        Map<String, Consumer<String>> valued = valuedOptions();
        if (takesId()) {
            valued.put("id", v -> idOption = v);
        }
        if (idFlag != null) {
            if (!takesId()) {
                throw failure("command '" + command + "' doesn't support option --id");
            }
            idOption = idFlag;
        }
        List<String> rest = new ArrayList<>(VirshWords.parse(command, words, valued, flags));
        if (idOption != null) {
            rest.add(0, idOption);
        }
        if (rest.size() > max) {
            throw failure("unexpected data '" + rest.get(max) + "'");
        }
        return rest;
    }

    /** The positional argument {@code i}, or virsh's error for a missing required one. */
    protected static String required(List<String> args, int i, String name, String command) throws CommandException {
        if (args.size() <= i) {
            throw failure("command '" + command + "' requires <" + name + "> option");
        }
        return args.get(i);
    }

    protected ModificationImpact[] impactFlags() throws Exception {
        return impact(current, live, config).toArray(ModificationImpact[]::new);
    }

    /** vshCommandOptInt, then virsh's own check of an I/O thread id. */
    static int threadId(String value) throws CommandException {
        int id;
        try {
            id = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw failure("Numeric value '" + value + "' for <id> option is malformed or out of range");
        }
        if (id <= 0) {
            throw failure("Invalid IOThread id value: '" + id + "'");
        }
        return id;
    }
}
