package io.jvirt.shell.client;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes one {@code virt:} command as Karaf console script in which every argument is data: each is
 * single-quoted, the only quoting of Karaf's (Gogo's) parser inside which {@code $(...)},
 * {@code ${...}}, {@code ;}, {@code |}, {@code >} and backslashes mean nothing; a single quote
 * inside an argument closes the quote, is written escaped and reopens it ({@code 'it'\''s'}), as in
 * POSIX sh. The command name itself is checked, never quoted: it is a word of letters, digits and
 * dashes.
 */
public final class ConsoleScript {

    private static final Pattern COMMAND = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private ConsoleScript() {
    }

    /**
     * {@code virt:COMMAND 'ARG'...}, preceded by {@code virt:connect 'CONNECTION';} when a connection
     * (a URI or one of the core's URI aliases) is given.
     *
     * @throws IllegalArgumentException when the command is not a command name
     */
    public static String command(String connection, String command, List<String> args) {
        if (!COMMAND.matcher(command).matches()) {
            throw new IllegalArgumentException("not a virt: command name: " + printable(command));
        }
        StringBuilder b = new StringBuilder();
        if (connection != null) {
            // a failing connect ends the script: the command never runs on another connection
            b.append("virt:connect ").append(quote(connection)).append(" ; ");
        }
        b.append("virt:").append(command);
        for (String a : args) {
            b.append(' ').append(quote(a));
        }
        return b.toString();
    }

    /** One argument as a single-quoted word of Karaf's console. */
    public static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
