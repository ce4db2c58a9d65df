package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.XmlFlag;

@Command(scope = "virt", name = "dumpxml", description = "Domain information in XML")
@Service
public class DumpXml extends DomainFlagsCommand {

    @Option(name = "--inactive", description = "show inactive defined XML")
    boolean inactive;
    @Option(name = "--security-info", description = "include security sensitive information in XML dump")
    boolean secure;
    @Option(name = "--migratable", description = "provide XML suitable for migrations")
    boolean migratable;

    @Override
    protected void run() throws Exception {
        List<XmlFlag> flags = new ArrayList<>();
        if (inactive) {
            flags.add(XmlFlag.INACTIVE);
        }
        if (secure) {
            flags.add(XmlFlag.SECURE);
        }
        if (migratable) {
            flags.add(XmlFlag.MIGRATABLE);
        }
        out().print(lookup().xmlDesc(flags.toArray(new XmlFlag[0])));
    }
}
