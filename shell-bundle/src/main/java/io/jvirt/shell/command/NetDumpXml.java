package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.NetworkXmlFlag;

@Command(scope = "virt", name = "net-dumpxml", description = "network information in XML")
@Service
public class NetDumpXml extends NetworkCommand {

    @Option(name = "--inactive", description = "show inactive defined XML")
    boolean inactive;

    @Override
    protected void run() throws Exception {
        // virsh reports libvirt's error alone here
        String xml = inactive ? lookupNetwork().xmlDesc(NetworkXmlFlag.INACTIVE) : lookupNetwork().xmlDesc();
        out().print(xml);
    }
}
