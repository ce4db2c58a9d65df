package io.jvirt.shell.command;

import org.apache.karaf.shell.api.console.Session;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;

/**
 * The console session's connection, shared by the commands and the completers: opened with the
 * default URI on first use (as virsh connects on its first command), replaced by virt:connect,
 * reopened when the one held died (its driver went away, its remote host dropped it) with the
 * URI or name it was opened with, as virsh reconnects to its connection's name: never with the
 * default, which would make the next command act on another hypervisor. A user without the write
 * role ({@link ConsoleUser}) only ever gets read-only connections.
 */
public final class SessionConnection {

    static final String KEY = "io.jvirt.shell.connection";
    /** What the session's connection was opened with: a {@link Target}, absent for the default. */
    static final String TARGET_KEY = "io.jvirt.shell.connection.target";

    /** The URI or name virt:connect was given (null: the default) and its --readonly. */
    record Target(String uri, boolean readOnly) {
    }

    private SessionConnection() {
    }

    /** The session's connection, opening the default one if there is none or it died. */
    public static Connection get(Session session, Connector connector) {
        synchronized (session) {
            Connection c = (Connection) session.get(KEY);
            if (c == null || !c.isAlive()) {
                Target t = session.get(TARGET_KEY) instanceof Target given ? given : new Target(null, false);
                Connection dead = c;
                c = open(connector, t.uri(), t.readOnly());
                session.put(KEY, c);
                if (dead != null) {
                    dead.close();
                }
            }
            return c;
        }
    }

    /**
     * Opens {@code uri} for the current console user: read-only when they asked for it or when they
     * lack the write role, whatever options they passed.
     */
    static Connection open(Connector connector, String uri, boolean readOnly) {
        return readOnly || !ConsoleUser.mayWrite() ? connector.openReadOnly(uri) : connector.open(uri);
    }

    /** Replaces the session's connection, closing the previous one; a dead one is reopened with {@code target}. */
    static void set(Session session, Connection c, Target target) {
        Connection old;
        synchronized (session) {
            old = (Connection) session.get(KEY);
            session.put(KEY, c);
            session.put(TARGET_KEY, target);
        }
        if (old != null && old != c) {
            old.close();
        }
    }
}
