package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Network;
import io.jvirt.api.NetworkDefineFlag;
import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "net-define",
    description = "define an inactive persistent virtual network or modify an existing persistent one from an XML file")
@Service
public class NetDefine extends NetworkFileCommand {

    @Override
    protected void run() throws Exception {
        String xml = readFile(file);
        Network n;
        try {
            n = validate ? connection().defineNetworkXml(xml, NetworkDefineFlag.VALIDATE) : connection().defineNetworkXml(xml);
        } catch (VirtException e) {
            throw failure("Failed to define network from " + file, e);
        }
        out().println("Network " + n.name() + " defined from " + file);
    }
}
