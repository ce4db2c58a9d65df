package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolDefineFlag;
import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "pool-define",
    description = "define an inactive persistent storage pool or modify an existing persistent one from an XML file")
@Service
public class PoolDefine extends PoolFileCommand {

    @Option(name = "--validate", description = "validate the XML against the schema")
    boolean validate;

    @Override
    protected void run() throws Exception {
        String xml = readFile(file);
        StoragePool p;
        try {
            p = validate ? connection().defineStoragePoolXml(xml, StoragePoolDefineFlag.VALIDATE)
                : connection().defineStoragePoolXml(xml);
        } catch (VirtException e) {
            throw failure("Failed to define pool from " + file, e);
        }
        out().println("Pool " + p.name() + " defined from " + file);
    }
}
