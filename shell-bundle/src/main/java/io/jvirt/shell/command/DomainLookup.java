package io.jvirt.shell.command;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** virsh's domain lookup: as an id if numeric, then as a UUID if it has the form, then as a name. */
final class DomainLookup {

    private DomainLookup() {
    }

    /** The domain, or null when nothing matches (other errors propagate). */
    static Domain find(Connection conn, String arg) {
        return find(conn, arg, true);
    }

    /** As {@link #find(Connection, String)}; without ids when {@code byId} is false (virsh's start). */
    static Domain find(Connection conn, String arg, boolean byId) {
        Domain d = null;
        int id = byId ? id(arg) : -1;
        if (id >= 0) {
            d = orNull(() -> conn.lookupById(id));
        }
        if (d == null && isUuid(arg)) {
            d = orNull(() -> conn.lookupByUuidString(arg));
        }
        if (d == null) {
            d = orNull(() -> conn.lookupByName(arg));
        }
        return d;
    }

    /** The id the argument names (a decimal int, as virsh's virStrToLong_i reads it), -1 if none. */
    static int id(String arg) {
        if (!arg.matches("\\d+")) {
            return -1;
        }
        try {
            return Integer.parseInt(arg);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean isUuid(String s) {
        String hex = s.replace("-", "");
        return hex.length() == 32 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static Domain orNull(java.util.function.Supplier<Domain> lookup) {
        try {
            return lookup.get();
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN || e.code() == ErrorCode.INVALID_ARG) {
                return null;
            }
            throw e;
        }
    }
}
