package io.jvirt.shell.command;

import java.util.Set;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.domain.XmlElement;

/** virsh's domiflist: the domain's interfaces from its XML (virsh reads them there too). */
@Command(scope = "virt", name = "domiflist", description = "list all domain virtual interfaces")
@Service
public class DomIfList extends DomainFlagsCommand {

    private static final Set<String> SOURCE = Set.of("bridge", "dev", "network", "name", "path");

    @Option(name = "--inactive", description = "get inactive rather than running configuration")
    boolean inactive;

    @Override
    protected void run() throws Exception {
        VirshTable table = new VirshTable("Interface", "Type", "Source", "Model", "MAC");
        for (XmlElement nic : DomainDevicesXml.devices(lookup(), inactive, "interface")) {
            table.row(DomainDevicesXml.orMinus(DomainDevicesXml.attribute(DomainDevicesXml.child(nic, "target"), "dev")),
                // virsh hands a missing type to its table as NULL, which ends the row there; a domain's
                // XML always has one
                DomainDevicesXml.orMinus(DomainDevicesXml.attribute(nic, "type")),
                DomainDevicesXml.orMinus(DomainDevicesXml.firstAttribute(nic, "source", SOURCE)),
                DomainDevicesXml.orMinus(DomainDevicesXml.attribute(DomainDevicesXml.child(nic, "model"), "type")),
                DomainDevicesXml.orMinus(DomainDevicesXml.attribute(DomainDevicesXml.child(nic, "mac"), "address")));
        }
        table.print(out());
    }
}
