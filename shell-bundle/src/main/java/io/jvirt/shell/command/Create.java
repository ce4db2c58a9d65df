package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.CreateFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "create", description = "Create a (transient) domain from an XML file")
@Service
public class Create extends FileCommand {

    @Option(name = "--paused", description = "leave the guest paused after creation")
    boolean paused;

    @Override
    protected void run() throws Exception {
        String xml = read();
        Domain d;
        try {
            d = paused ? connection().createXml(xml, CreateFlag.PAUSED) : connection().createXml(xml);
        } catch (VirtException e) {
            throw failure("Failed to create domain from " + file, e);
        }
        out().println("Domain '" + d.name() + "' created from " + file);
    }
}
