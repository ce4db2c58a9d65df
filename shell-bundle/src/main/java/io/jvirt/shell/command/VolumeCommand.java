package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

import io.jvirt.api.StorageVol;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.StoragePoolCompleter;
import io.jvirt.shell.command.completers.StorageVolCompleter;

/**
 * Base of commands on one volume, named by name (with its pool), key or path
 * (VIRSH_COMMON_OPT_VOL_FULL) with virsh's optional --pool, which, as in virsh, may also be given
 * as the first word after the command's own arguments ({@link #positionalPool()}).
 */
public abstract class VolumeCommand extends VirtCommand {

    @Argument(index = 0, name = "vol", description = "vol name, key or path", required = true)
    @Completion(StorageVolCompleter.class)
    protected String vol;

    @Option(name = "--pool", description = "pool name or uuid")
    @Completion(StoragePoolCompleter.class)
    protected String poolOption;

    /** The pool given in the command's positional place for it, if it has one. */
    protected String positionalPool() {
        return null;
    }

    /** The pool the user named (by option or position), or null; virsh's error when both. */
    protected String poolName() throws Exception {
        String positional = positionalPool();
        if (poolOption != null && positional != null) {
            throw failure("option --pool already seen");
        }
        return poolOption != null ? poolOption : positional;
    }

    /** The volume the arguments name (virshCommandOptVol). */
    protected StorageVol lookupVol() throws Exception {
        return StorageVolLookup.find(connection(), vol, poolName(), true,
            StoragePoolLookup.BY_UUID | StoragePoolLookup.BY_NAME);
    }

    /** Runs one action on the volume: "error: CONTEXT", "error: LIBVIRT MESSAGE" when it fails. */
    protected void act(String failureContext, StorageVol v, VolumeAction action) throws Exception {
        try {
            action.apply(v);
        } catch (VirtException e) {
            throw failure(failureContext, e);
        }
    }

    @FunctionalInterface
    protected interface VolumeAction {
        void apply(StorageVol v);
    }
}
