package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** virsh's pool-uuid: the argument is looked up as a name only. */
@Command(scope = "virt", name = "pool-uuid", description = "convert a pool name to pool UUID")
@Service
public class PoolUuid extends PoolFlagsCommand {

    @Override
    protected void run() throws Exception {
        out().println(StoragePoolLookup.find(connection(), pool, StoragePoolLookup.BY_NAME).uuidString());
    }
}
