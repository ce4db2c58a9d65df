package io.jvirt.shell.command;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;

/**
 * A command's own {@link Option}s read from the words after its arguments, as virsh reads
 * options anywhere ({@code domstate fv0 --reason}); Karaf's parser stops taking options at the first
 * argument. The options are the command's fields, found by their annotations, so that a command
 * declares each option once. virsh also names every positional argument as an option
 * ({@code iothreadadd fc4 3} or {@code iothreadadd fc4 --id 3}): the words that are no option go,
 * in order, to the command's positional options not given yet, as virsh gives a plain word to the
 * next of them it has not seen.
 */
final class TrailingOptions {

    private TrailingOptions() {
    }

    /**
     * Sets {@code action}'s options named among {@code words}, then gives the other words in order
     * to the options of {@code positional} (their names, "--id", in virsh's order) that are still
     * unset; returns the words left over, in order.
     */
    static List<String> apply(Object action, List<String> words, List<String> positional) throws CommandException {
        Map<String, Consumer<String>> valued = new HashMap<>();
        Map<String, Runnable> flags = new HashMap<>();
        Map<String, Field> fields = new HashMap<>();
        for (Class<?> c = action.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Option o = f.getAnnotation(Option.class);
                if (o == null) {
                    continue;
                }
                f.setAccessible(true);
                for (String name : names(o)) {
                    fields.putIfAbsent(name, f);
                    if (f.getType() == boolean.class || f.getType() == Boolean.class) {
                        flags.putIfAbsent(name, () -> set(f, action, Boolean.TRUE));
                    } else {
                        valued.putIfAbsent(name, v -> set(f, action, convert(f, name, v)));
                    }
                }
            }
        }
        Command command = action.getClass().getAnnotation(Command.class);
        List<String> rest = new ArrayList<>(VirshWords.parse(command == null ? "?" : command.name(), words, valued, flags));
        for (String option : positional) {
            String name = option.substring(2);
            Field f = fields.get(name);
            if (f == null) {
                throw new IllegalStateException(action.getClass().getSimpleName() + " has no option " + option);
            }
            if (!rest.isEmpty() && get(f, action) == null) {
                set(f, action, convert(f, name, rest.remove(0)));
            }
        }
        return rest;
    }

    private static List<String> names(Option o) {
        List<String> names = new ArrayList<>();
        for (String n : o.aliases()) {
            if (n.startsWith("--")) {
                names.add(n.substring(2));
            }
        }
        if (o.name().startsWith("--")) {
            names.add(0, o.name().substring(2));
        }
        return names;
    }

    private static Object convert(Field f, String name, String value) {
        Class<?> t = f.getType();
        try {
            if (t == String.class) {
                return value;
            } else if (t == int.class || t == Integer.class) {
                return Integer.valueOf(value);
            } else if (t == long.class || t == Long.class) {
                return Long.valueOf(value);
            }
        } catch (NumberFormatException e) {
            // virsh's vshCommandOptInt wording
            throw new IllegalArgumentException("Numeric value '" + value + "' for <" + name + "> option is malformed or out of range");
        }
        throw new IllegalStateException("option --" + name + " of type " + t.getSimpleName() + " cannot follow the arguments");
    }

    private static Object get(Field f, Object action) {
        try {
            return f.get(action);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(Field f, Object action, Object value) {
        try {
            f.set(action, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
