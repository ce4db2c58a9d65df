package io.jvirt.shell.command;

import java.lang.reflect.Field;
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
 * declares each option once.
 */
final class TrailingOptions {

    private TrailingOptions() {
    }

    /** Sets {@code action}'s options named among {@code words}; returns the other words, in order. */
    static List<String> apply(Object action, List<String> words) throws CommandException {
        Map<String, Consumer<String>> valued = new HashMap<>();
        Map<String, Runnable> flags = new HashMap<>();
        for (Class<?> c = action.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Option o = f.getAnnotation(Option.class);
                if (o == null) {
                    continue;
                }
                f.setAccessible(true);
                for (String name : names(o)) {
                    if (f.getType() == boolean.class || f.getType() == Boolean.class) {
                        flags.putIfAbsent(name, () -> set(f, action, Boolean.TRUE));
                    } else {
                        valued.putIfAbsent(name, v -> set(f, action, convert(f, name, v)));
                    }
                }
            }
        }
        Command command = action.getClass().getAnnotation(Command.class);
        return VirshWords.parse(command == null ? "?" : command.name(), words, valued, flags);
    }

    private static List<String> names(Option o) {
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
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

    private static void set(Field f, Object action, Object value) {
        try {
            f.set(action, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
