package io.jvirt.core.kit.local;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jvirt.api.DomainConsole;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The console sessions open on one domain's character devices, one per device (libvirt's
 * {@code virChrdevs}): two readers of one pty would each get part of what the guest writes, so a
 * second session on a device is refused unless it is forced, and then the first one is aborted
 * (its reader sees the end of the console) before the new one opens. A session leaves the table
 * when it is closed, whoever closes it. Keyed by the pty's path, as libvirt keys them.
 *
 * @since 1.4.0 (package version)
 */
public final class ConsoleSessions {

    private final ErrorDomain domain;
    private final Map<String, Session> open = new HashMap<>();

    /** @param domain the driver's error domain, for "Active console session exists for this domain" */
    public ConsoleSessions(ErrorDomain domain) {
        this.domain = domain;
    }

    /**
     * libvirt's {@code virChrdevOpen} for a pty: opens {@code path} (a pty under /dev/pts, see
     * {@link PtyConsole#open}) as the device's only session.
     *
     * @param path  the pty the hypervisor allocated; null when it has none yet
     * @param what  the device's name in errors ("serial0")
     * @param force abort the session that holds the device instead of refusing
     * @throws VirtException OPERATION_FAILED "PTY device is not yet assigned" for a null path,
     *                       OPERATION_FAILED "Active console session exists for this domain" when a
     *                       session holds the device and {@code force} is false; PtyConsole's errors
     */
    public DomainConsole open(String path, String what, boolean force) {
        if (path == null) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NONE, "PTY device is not yet assigned");
        }
        synchronized (this) {
            Session previous = open.get(path);
            if (previous != null) {
                if (!force) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, domain, "Active console session exists for this domain");
                }
                open.remove(path);
                previous.abort(); // its reader sees the end of the console; it never calls back in here
            }
            Session s = new Session(path, PtyConsole.open(path, what));
            open.put(path, s);
            return s;
        }
    }

    /** How many sessions are open. */
    public synchronized int size() {
        return open.size();
    }

    /** Ends every session (the domain stopped): their readers see the end of the console. */
    public void closeAll() {
        List<Session> all;
        synchronized (this) {
            all = new ArrayList<>(open.values());
            open.clear();
        }
        all.forEach(Session::abort);
    }

    private synchronized void forget(Session s) {
        open.remove(s.path, s);
    }

    /** One session: the pty, and its place in the table until it is closed. */
    private final class Session implements DomainConsole {
        private final String path;
        private final PtyConsole pty;

        Session(String path, PtyConsole pty) {
            this.path = path;
            this.pty = pty;
        }

        void abort() {
            pty.close();
        }

        @Override
        public InputStream input() {
            return pty.input();
        }

        @Override
        public OutputStream output() {
            return pty.output();
        }

        @Override
        public void close() {
            forget(this);
            pty.close();
        }
    }
}
