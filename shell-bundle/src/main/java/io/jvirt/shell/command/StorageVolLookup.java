package io.jvirt.shell.command;

import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.Connection;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StorageVol;
import io.jvirt.api.VirtException;

/**
 * virsh's virshCommandOptVolBy: with a pool, the argument as a volume name in it (the pool must
 * be active), then as a key, then as a path; the volume found must be in the pool given. Errors
 * as virsh prints them: "failed to get vol 'x'" (with ", specifying --pool might help" when the
 * command has a --pool option the user left out) and libvirt's error of the last lookup.
 */
final class StorageVolLookup {

    private StorageVolLookup() {
    }

    /**
     * @param poolArg     the pool the user named, or null
     * @param poolOption  whether the command has a --pool option at all
     * @param by          {@link StoragePoolLookup#BY_NAME} (as a name in the pool) and/or
     *                    {@link StoragePoolLookup#BY_UUID} (as a key or path)
     */
    static StorageVol find(Connection conn, String arg, String poolArg, boolean poolOption, int by) throws CommandException {
        StoragePool pool = null;
        if (poolArg != null) {
            pool = StoragePoolLookup.find(conn, poolArg, by);
            boolean active;
            try {
                active = pool.isActive();
            } catch (VirtException e) {
                active = false;
            }
            if (!active) {
                throw VirtCommand.failure("pool '" + poolArg + "' is not active");
            }
        }
        StorageVol vol = null;
        VirtException last = null;
        if (pool != null && (by & StoragePoolLookup.BY_NAME) != 0) {
            try {
                vol = pool.lookupVolumeByName(arg);
            } catch (VirtException e) {
                last = e;
            }
        }
        if (vol == null && (by & StoragePoolLookup.BY_UUID) != 0) {
            try {
                vol = conn.lookupStorageVolByKey(arg);
            } catch (VirtException e) {
                last = e;
            }
            if (vol == null) {
                try {
                    vol = conn.lookupStorageVolByPath(arg);
                } catch (VirtException e) {
                    last = e;
                }
            }
        }
        if (vol == null) {
            String context = pool != null || !poolOption ? "failed to get vol '" + arg + "'"
                : "failed to get vol '" + arg + "', specifying --pool might help";
            throw last == null ? VirtCommand.failure(context) : VirtCommand.failure(context, last);
        }
        if (pool != null && !vol.poolName().equals(pool.name())) {
            throw VirtCommand.failure("Requested volume '" + arg + "' is not in pool '" + pool.name() + "'");
        }
        return vol;
    }
}
