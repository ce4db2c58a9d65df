package io.jvirt.shell.command;

import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.Connection;
import io.jvirt.api.StoragePool;
import io.jvirt.api.VirtException;

/**
 * virsh's virshCommandOptPoolBy: the argument as a UUID when it has a UUID's length, then as a
 * name; when neither matches, "error: failed to get pool 'x'" and libvirt's error of the last
 * lookup tried, as virsh prints them.
 */
final class StoragePoolLookup {

    /** virsh's VIRSH_BYUUID / VIRSH_BYNAME. */
    static final int BY_UUID = 1;
    static final int BY_NAME = 2;
    private static final int UUID_STRING_LENGTH = 36;

    private StoragePoolLookup() {
    }

    static StoragePool find(Connection conn, String arg, int by) throws CommandException {
        VirtException last = null;
        if ((by & BY_UUID) != 0 && arg.length() == UUID_STRING_LENGTH) {
            try {
                return conn.lookupStoragePoolByUuidString(arg);
            } catch (VirtException e) {
                last = e;
            }
        }
        if ((by & BY_NAME) != 0) {
            try {
                return conn.lookupStoragePoolByName(arg);
            } catch (VirtException e) {
                last = e;
            }
        }
        String context = "failed to get pool '" + arg + "'";
        throw last == null ? VirtCommand.failure(context) : VirtCommand.failure(context, last);
    }
}
