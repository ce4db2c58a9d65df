package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Network;
import io.jvirt.api.NetworkCreateFlag;
import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "net-create", description = "create a network from an XML file")
@Service
public class NetCreate extends NetworkFileCommand {

    @Override
    protected void run() throws Exception {
        String xml = readFile(file);
        Network n;
        try {
            n = validate ? connection().createNetworkXml(xml, NetworkCreateFlag.VALIDATE) : connection().createNetworkXml(xml);
        } catch (VirtException e) {
            throw failure("Failed to create network from " + file, e);
        }
        out().println("Network " + n.name() + " created from " + file);
    }
}
