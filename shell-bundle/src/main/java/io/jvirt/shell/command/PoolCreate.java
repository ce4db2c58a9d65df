package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolCreateFlag;
import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "pool-create", description = "create a pool from an XML file")
@Service
public class PoolCreate extends PoolFileCommand {

    @Option(name = "--build", description = "build the pool as normal")
    boolean build;
    @Option(name = "--no-overwrite", description = "do not overwrite any existing data")
    boolean noOverwrite;
    @Option(name = "--overwrite", description = "overwrite any existing data")
    boolean overwrite;

    @Override
    protected void run() throws Exception {
        StoragePoolCreateFlag[] flags = PoolStart.createFlags(build, overwrite, noOverwrite);
        String xml = readFile(file);
        StoragePool p;
        try {
            p = connection().createStoragePoolXml(xml, flags);
        } catch (VirtException e) {
            throw failure("Failed to create pool from " + file, e);
        }
        out().println("Pool " + p.name() + " created from " + file);
    }
}
