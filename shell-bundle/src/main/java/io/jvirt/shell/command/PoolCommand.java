package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.jvirt.api.StoragePool;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.StoragePoolCompleter;

/** Base of commands on one storage pool, named by UUID or name (virsh's VIRSH_COMMON_OPT_POOL_FULL). */
public abstract class PoolCommand extends VirtCommand {

    @Argument(index = 0, name = "pool", description = "pool name or uuid", required = true)
    @Completion(StoragePoolCompleter.class)
    protected String pool;

    /** The pool the argument names; virsh's two error lines when none matches. */
    protected StoragePool lookupPool() throws Exception {
        return StoragePoolLookup.find(connection(), pool, StoragePoolLookup.BY_UUID | StoragePoolLookup.BY_NAME);
    }

    /** Runs one action on the pool: "error: CONTEXT", "error: LIBVIRT MESSAGE" when it fails. */
    protected void act(String failureContext, PoolAction action) throws Exception {
        StoragePool p = lookupPool();
        try {
            action.apply(p);
        } catch (VirtException e) {
            throw failure(failureContext, e);
        }
    }

    @FunctionalInterface
    protected interface PoolAction {
        void apply(StoragePool p);
    }
}
