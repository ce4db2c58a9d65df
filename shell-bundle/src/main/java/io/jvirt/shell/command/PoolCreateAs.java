package io.jvirt.shell.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StoragePoolCreateFlag;
import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "pool-create-as", description = "create a pool from a set of args")
@Service
public class PoolCreateAs extends PoolAsCommand {

    @Option(name = "--build", description = "build the pool as normal")
    boolean build;
    @Option(name = "--no-overwrite", description = "do not overwrite any existing data")
    boolean noOverwrite;
    @Option(name = "--overwrite", description = "overwrite any existing data")
    boolean overwrite;

    @Override
    protected void moreFlags(Map<String, Runnable> flags) {
        flags.put("build", () -> build = true);
        flags.put("overwrite", () -> overwrite = true);
        flags.put("no-overwrite", () -> noOverwrite = true);
    }

    @Override
    protected void run() throws Exception {
        Map<String, String> o = options();
        StoragePoolCreateFlag[] flags = PoolStart.createFlags(build, overwrite, noOverwrite);
        String xml = PoolXmlBuilder.build(o);
        if (printXml) {
            out().print(xml);
            return;
        }
        try {
            connection().createStoragePoolXml(xml, flags);
        } catch (VirtException e) {
            throw failure("Failed to create pool " + o.get("name"), e);
        }
        out().println("Pool " + o.get("name") + " created");
    }
}
