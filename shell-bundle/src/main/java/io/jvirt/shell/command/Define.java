package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.DefineFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "define", description = "Define (but don't start) a domain from an XML file")
@Service
public class Define extends FileCommand {

    @Option(name = "--validate", description = "validate the XML against the schema")
    boolean validate;

    @Override
    protected void run() throws Exception {
        String xml = read();
        Domain d;
        try {
            d = validate ? connection().defineXml(xml, DefineFlag.VALIDATE) : connection().defineXml(xml);
        } catch (VirtException e) {
            throw failure("Failed to define domain from " + file, e);
        }
        out().println("Domain '" + d.name() + "' defined from " + file);
    }
}
