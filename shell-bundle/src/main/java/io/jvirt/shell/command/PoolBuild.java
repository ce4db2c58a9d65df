package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StoragePoolBuildFlag;

/** virsh's pool-build: both flags are passed as given (the driver refuses the pair, as libvirt's does). */
@Command(scope = "virt", name = "pool-build", description = "build a pool")
@Service
public class PoolBuild extends PoolFlagsCommand {

    @Option(name = "--no-overwrite", description = "do not overwrite any existing data")
    boolean noOverwrite;
    @Option(name = "--overwrite", description = "overwrite any existing data")
    boolean overwrite;

    @Override
    protected void run() throws Exception {
        List<StoragePoolBuildFlag> f = new ArrayList<>();
        if (noOverwrite) {
            f.add(StoragePoolBuildFlag.NO_OVERWRITE);
        }
        if (overwrite) {
            f.add(StoragePoolBuildFlag.OVERWRITE);
        }
        StoragePoolBuildFlag[] flags = f.toArray(new StoragePoolBuildFlag[0]);
        act("Failed to build pool " + pool, p -> p.build(flags));
        out().println("Pool " + pool + " built");
    }
}
