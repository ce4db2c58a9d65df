package io.jvirt.shell.command;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.VirtException;

/**
 * Base of every {@code virt:} command: the console session's connection (opened on first use with
 * the default URI, as virsh does) and virsh's error lines. Commands throw; this class turns a
 * {@link VirtException} into virsh's "error: ..." lines, and the console then reports failure.
 */
public abstract class VirtCommand implements Action {

    static final String SESSION_CONNECTION = "io.jvirt.shell.connection";

    @Reference
    protected Connector connector;

    @Reference
    protected Session session;

    @Override
    public final Object execute() throws Exception {
        try {
            run();
            return null;
        } catch (VirtException e) {
            throw failure(null, e);
        }
    }

    /** The command's work; output goes to {@link #out()}. */
    protected abstract void run() throws Exception;

    protected PrintStream out() {
        return System.out;
    }

    /** The session's connection, opening the default one if there is none or it died. */
    protected Connection connection() {
        Connection c = (Connection) session.get(SESSION_CONNECTION);
        if (c == null || !c.isAlive()) {
            c = connector.open(null);
            session.put(SESSION_CONNECTION, c);
        }
        return c;
    }

    /** Replaces the session's connection (virt:connect). */
    protected void setConnection(Connection c) {
        Connection old = (Connection) session.get(SESSION_CONNECTION);
        session.put(SESSION_CONNECTION, c);
        if (old != null && old != c) {
            old.close();
        }
    }

    /** virsh's error lines: "error: CONTEXT" (when given), then "error: LIBVIRT MESSAGE". */
    protected static CommandException failure(String context, VirtException e) {
        String text = (context == null ? "" : "error: " + context + "\n") + "error: " + e.getMessage();
        return new CommandException(text, e);
    }

    /** virsh's error line for a failure of its own (no libvirt error behind it). */
    protected static CommandException failure(String message) {
        return new CommandException("error: " + message, message);
    }
}
