package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** virsh's pool-name: the argument is looked up as a UUID only. */
@Command(scope = "virt", name = "pool-name", description = "convert a pool UUID to pool name")
@Service
public class PoolName extends PoolFlagsCommand {

    @Override
    protected void run() throws Exception {
        out().println(StoragePoolLookup.find(connection(), pool, StoragePoolLookup.BY_UUID).name());
    }
}
