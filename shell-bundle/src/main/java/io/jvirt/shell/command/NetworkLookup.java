package io.jvirt.shell.command;

import io.jvirt.api.Connection;
import io.jvirt.api.Network;
import io.jvirt.api.VirtException;

/**
 * virsh's network lookup (virshCommandOptNetworkBy): as a UUID when the argument has a UUID's
 * length (36 characters), then as a name. Unlike its domain lookup, virsh keeps libvirt's error of
 * the last try, so a failure is two lines: "error: failed to get network 'x'" and libvirt's own.
 */
final class NetworkLookup {

    /** virsh's VIRSH_BYUUID / VIRSH_BYNAME. */
    static final int BY_UUID = 1;
    static final int BY_NAME = 2;
    /** virsh's VIR_UUID_STRING_BUFLEN - 1. */
    private static final int UUID_STRING_LENGTH = 36;

    private NetworkLookup() {
    }

    /**
     * The network {@code arg} names.
     *
     * @throws NotFound with the error of the last lookup tried (null when none was tried)
     */
    static Network find(Connection conn, String arg, int by) throws NotFound {
        VirtException last = null;
        if ((by & BY_UUID) != 0 && arg.length() == UUID_STRING_LENGTH) {
            try {
                return conn.lookupNetworkByUuidString(arg);
            } catch (VirtException e) {
                last = e;
            }
        }
        if ((by & BY_NAME) != 0) {
            try {
                return conn.lookupNetworkByName(arg);
            } catch (VirtException e) {
                last = e;
            }
        }
        throw new NotFound(last);
    }

    /** No network matched; {@link #getCause()} is libvirt's error of the last try, if any. */
    static final class NotFound extends Exception {
        private static final long serialVersionUID = 1L;

        NotFound(VirtException last) {
            super(last);
        }

        VirtException last() {
            return (VirtException) getCause();
        }
    }
}
