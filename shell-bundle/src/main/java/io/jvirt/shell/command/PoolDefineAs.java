package io.jvirt.shell.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "pool-define-as", description = "define a pool from a set of args")
@Service
public class PoolDefineAs extends PoolAsCommand {

    @Override
    protected void run() throws Exception {
        Map<String, String> o = options();
        String xml = PoolXmlBuilder.build(o);
        if (printXml) {
            out().print(xml);
            return;
        }
        try {
            connection().defineStoragePoolXml(xml);
        } catch (VirtException e) {
            throw failure("Failed to define pool " + o.get("name"), e);
        }
        out().println("Pool " + o.get("name") + " defined");
    }
}
