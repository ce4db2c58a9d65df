package io.jvirt.shell.command;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

import io.jvirt.api.StorageVol;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.StoragePoolCompleter;
import io.jvirt.shell.command.completers.StorageVolCompleter;

/**
 * Base of commands on one volume, named by name (with its pool), key or path
 * (VIRSH_COMMON_OPT_VOL_FULL) with virsh's optional --pool, which, as in virsh, may also be given
 * as the first word after the command's own arguments ({@link #trailing()}).
 */
public abstract class VolumeCommand extends VirtCommand {

    @Argument(index = 0, name = "vol", description = "vol name, key or path", required = true)
    @Completion(StorageVolCompleter.class)
    protected String vol;

    @Option(name = "--pool", description = "pool name or uuid")
    @Completion(StoragePoolCompleter.class)
    protected String poolOption;

    private boolean parsed;
    private String positionalPool;

    /**
     * The words after the command's own arguments: the pool in its positional place and the
     * options virsh takes anywhere ({@link VirshWords}); none for a command without such a place.
     */
    protected List<String> trailing() {
        return List.of();
    }

    /** Adds the command's own options, as they may appear among the {@link #trailing()} words. */
    protected void trailingOptions(Map<String, Consumer<String>> valued, Map<String, Runnable> flags) {
    }

    /** Reads the trailing words once: options into their fields, the pool's place; virsh's errors. */
    protected void parseTrailing() throws Exception {
        if (parsed) {
            return;
        }
        parsed = true;
        Map<String, Consumer<String>> valued = new HashMap<>();
        String[] pool = {null};
        valued.put("pool", v -> pool[0] = v);
        Map<String, Runnable> flags = new HashMap<>();
        trailingOptions(valued, flags);
        List<String> left = VirshWords.parse(getClass().getAnnotation(Command.class).name(), trailing(), valued, flags);
        if (pool[0] != null) {
            if (poolOption != null) {
                throw failure("option --pool already seen");
            }
            poolOption = pool[0];
        }
        if (left.size() > 1) {
            throw failure("unexpected data '" + left.get(1) + "'");
        }
        positionalPool = left.isEmpty() ? null : left.get(0);
    }

    /** The pool the user named (by option or position), or null; virsh's error when both. */
    protected String poolName() throws Exception {
        parseTrailing();
        if (poolOption != null && positionalPool != null) {
            throw failure("option --pool already seen");
        }
        return poolOption != null ? poolOption : positionalPool;
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
