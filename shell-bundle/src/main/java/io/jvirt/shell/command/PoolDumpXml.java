package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageXmlFlag;

@Command(scope = "virt", name = "pool-dumpxml", description = "pool information in XML")
@Service
public class PoolDumpXml extends PoolFlagsCommand {

    @Option(name = "--inactive", description = "show inactive defined XML")
    boolean inactive;

    @Override
    protected void run() throws Exception {
        // virsh reports libvirt's error alone here
        String xml = inactive ? lookupPool().xmlDesc(StorageXmlFlag.INACTIVE) : lookupPool().xmlDesc();
        out().print(xml);
    }
}
