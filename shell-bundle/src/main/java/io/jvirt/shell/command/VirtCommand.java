package io.jvirt.shell.command;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.Network;
import io.jvirt.api.VirtException;

/**
 * Base of every {@code virt:} command: the console session's connection (opened on first use with
 * the default URI, as virsh does) and virsh's error lines. Commands throw; this class turns a
 * {@link VirtException} into virsh's "error: ..." lines, and the console then reports failure.
 */
public abstract class VirtCommand implements Action {

    @Reference
    protected Connector connector;

    @Reference
    protected Session session;

    /**
     * Where the command prints; null in the container, where {@link System#out} is the right
     * stream: Karaf sets it per session thread (the session's terminal, or the next command of a
     * pipe). A unit test gives its own stream and runs the command without Karaf.
     */
    PrintStream out;

    @Override
    public final Object execute() throws Exception {
        try {
            resolveArguments();
            prepare();
            run();
            return null;
        } catch (VirtException e) {
            throw failure(null, e);
        }
    }

    /** Settles arguments that virsh also takes as options (see {@link DomainCommand}); nothing by default. */
    protected void resolveArguments() throws Exception {
    }

    /** Reads what Karaf's parser left to the command (see {@link DomainFlagsCommand}); nothing by default. */
    protected void prepare() throws Exception {
    }

    /**
     * Sets the command's own options named among {@code words} (what Karaf's parser left after the
     * arguments, virsh taking options anywhere) and its {@link #positionalOptions()} from the other
     * words, with virsh's errors for anything else there.
     */
    protected void readTrailingOptions(List<String> words) throws Exception {
        List<String> rest;
        try {
            rest = TrailingOptions.apply(this, words, positionalOptions());
        } catch (IllegalArgumentException e) {
            throw failure(e.getMessage());
        }
        if (!rest.isEmpty()) {
            throw failure("unexpected data '" + rest.get(0) + "'");
        }
    }

    /**
     * The options ("--id") that virsh also takes as plain words after the command's arguments
     * Karaf reads, in virsh's order ({@link TrailingOptions}); none by default. virsh gives a plain
     * word to the next option of its table not seen yet that is no flag (and not VSH_OFLAG_REQ_OPT):
     * {@code blkiotune test 500} sets --weight, {@code cpu-stats test 1 1} --start and --count.
     */
    protected List<String> positionalOptions() {
        return List.of();
    }

    /**
     * virsh's check of required options given neither by position nor by name: an error line for
     * each one missing, in order. {@code shownThenValue}: pairs of the option as virsh shows it there
     * ("&lt;name&gt;" for a string, VSH_OT_DATA; "--name" for a number) and its value (null: missing).
     */
    protected void required(String... shownThenValue) throws CommandException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < shownThenValue.length; i += 2) {
            if (shownThenValue[i + 1] == null) {
                lines.add("command '" + commandName() + "' requires " + shownThenValue[i] + " option");
            }
        }
        if (!lines.isEmpty()) {
            throw failure(String.join("\nerror: ", lines));
        }
    }

    /** The command's name, as virsh's errors give it. */
    protected String commandName() {
        org.apache.karaf.shell.api.action.Command c = getClass().getAnnotation(org.apache.karaf.shell.api.action.Command.class);
        return c == null ? "?" : c.name();
    }

    /** The command's work; output goes to {@link #out()}. */
    protected abstract void run() throws Exception;

    /** The command's output: the session's, or the stream a test gave. */
    protected PrintStream out() {
        return out != null ? out : System.out;
    }

    /**
     * Delivers what the command printed so far to its user now, as virsh flushes every line it
     * prints (a waiting command's lines must not wait for its end). Flushing {@link #out()} is not
     * enough in Karaf: its shell hands a command its System.out through a channel to the session's
     * console, and a channel drops flush(); the console itself (for bin/virt, a stream without
     * autoflush over the ssh channel's buffer) is flushed too.
     */
    protected void deliver() {
        out().flush();
        PrintStream console = session == null ? null : session.getConsole();
        if (console != null) {
            console.flush();
        }
    }

    /** The session's connection, opening the default one if there is none or it died. */
    protected Connection connection() {
        return SessionConnection.get(session, connector);
    }

    /**
     * Replaces the session's connection (virt:connect); when it dies it is reopened with the same
     * {@code uri} (or name; null: the default) and {@code readOnly}.
     */
    protected void setConnection(Connection c, String uri, boolean readOnly) {
        SessionConnection.set(session, c, new SessionConnection.Target(uri, readOnly));
    }

    /**
     * The domain a virsh user names by id, UUID or name; virsh's single line "error: failed to get
     * domain 'x'" when none matches (virsh drops libvirt's message there).
     */
    protected Domain lookup(String arg) throws Exception {
        Domain d = DomainLookup.find(connection(), arg);
        if (d == null) {
            throw failure("failed to get domain '" + arg + "'");
        }
        return d;
    }

    /**
     * The network a virsh user names, tried {@code by} UUID and/or name ({@link NetworkLookup}'s
     * BY_UUID, BY_NAME); virsh's "error: failed to get network 'x'" followed by libvirt's error of
     * the last lookup tried when none matches.
     */
    protected Network lookupNetwork(String arg, int by) throws CommandException {
        try {
            return NetworkLookup.find(connection(), arg, by);
        } catch (NetworkLookup.NotFound e) {
            String context = "failed to get network '" + arg + "'";
            throw e.last() == null ? failure(context) : failure(context, e.last());
        }
    }

    /**
     * The text of a file the user named, read with the rights of the session's connection (a
     * read-only connection reads only inside the configured directory: {@code Connection.readUserFile});
     * libvirt's "Failed to open file 'x': REASON" when it cannot be read. Never read here with
     * {@code Files}: jvirt runs as root, the user may not be.
     */
    protected String readFile(String file) throws CommandException {
        try {
            return connection().readUserFile(file);
        } catch (VirtException e) {
            throw failure(null, e);
        }
    }

    /** virsh's error lines: "error: CONTEXT" (when given), then "error: LIBVIRT MESSAGE". */
    protected static CommandException failure(String context, VirtException e) {
        String text = (context == null ? "" : "error: " + context + "\n") + "error: " + e.getMessage();
        // the console prints the "nice help" of a CommandException as it is: virsh's lines, nothing added
        return new CommandException(text, e.getMessage(), e);
    }

    /** virsh's error line for a failure of its own (no libvirt error behind it). */
    protected static CommandException failure(String message) {
        return new CommandException("error: " + message, message);
    }

    /** A failure that virsh reports with no error line (the command printed why already). */
    protected static CommandException quietFailure(String why) {
        return new CommandException("", why);
    }

    /** virsh's check of options that exclude each other: "Options --a and --b are mutually exclusive". */
    protected static void exclusive(boolean a, String nameA, boolean b, String nameB) throws CommandException {
        if (a && b) {
            throw failure("Options --" + nameA + " and --" + nameB + " are mutually exclusive");
        }
    }
}
