package io.jvirt.shell.command;

import org.apache.karaf.shell.api.console.Session;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;

/**
 * The console session's connection, shared by the commands and the completers: opened with the
 * default URI on first use (as virsh connects on its first command), replaced by virt:connect,
 * reopened when the one held died (its driver went away). A user without the write role
 * ({@link ConsoleUser}) only ever gets read-only connections.
 */
public final class SessionConnection {

    static final String KEY = "io.jvirt.shell.connection";

    private SessionConnection() {
    }

    /** The session's connection, opening the default one if there is none or it died. */
    public static Connection get(Session session, Connector connector) {
        synchronized (session) {
            Connection c = (Connection) session.get(KEY);
            if (c == null || !c.isAlive()) {
                c = open(connector, null, false);
                session.put(KEY, c);
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

    /** Replaces the session's connection, closing the previous one. */
    static void set(Session session, Connection c) {
        Connection old;
        synchronized (session) {
            old = (Connection) session.get(KEY);
            session.put(KEY, c);
        }
        if (old != null && old != c) {
            old.close();
        }
    }
}
