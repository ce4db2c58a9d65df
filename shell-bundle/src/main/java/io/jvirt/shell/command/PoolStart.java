package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StoragePoolCreateFlag;

@Command(scope = "virt", name = "pool-start", description = "start a (previously defined) inactive pool")
@Service
public class PoolStart extends PoolFlagsCommand {

    @Option(name = "--build", description = "build the pool as normal")
    boolean build;
    @Option(name = "--no-overwrite", description = "do not overwrite any existing data")
    boolean noOverwrite;
    @Option(name = "--overwrite", description = "overwrite any existing data")
    boolean overwrite;

    @Override
    protected void run() throws Exception {
        StoragePoolCreateFlag[] flags = createFlags(build, overwrite, noOverwrite);
        act("Failed to start pool " + pool, p -> p.create(flags));
        out().println("Pool " + pool + " started");
    }

    /** virsh's --build/--overwrite/--no-overwrite of pool-start and pool-create (VIR_STORAGE_POOL_CREATE_WITH_BUILD*). */
    static StoragePoolCreateFlag[] createFlags(boolean build, boolean overwrite, boolean noOverwrite) throws Exception {
        exclusive(overwrite, "overwrite", noOverwrite, "no-overwrite");
        List<StoragePoolCreateFlag> f = new ArrayList<>();
        if (build) {
            f.add(StoragePoolCreateFlag.WITH_BUILD);
        }
        if (overwrite) {
            f.add(StoragePoolCreateFlag.WITH_BUILD_OVERWRITE);
        }
        if (noOverwrite) {
            f.add(StoragePoolCreateFlag.WITH_BUILD_NO_OVERWRITE);
        }
        return f.toArray(new StoragePoolCreateFlag[0]);
    }
}
