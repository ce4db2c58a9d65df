package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.MetadataType;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "desc", description = "Show the description or title of the domain")
@Service
public class Desc extends ImpactCommand {

    @Option(name = "--title", description = "show the title instead of the description")
    boolean title;

    @Override
    protected void run() throws Exception {
        ModificationImpact[] flags = impact().toArray(new ModificationImpact[0]);
        Domain d = lookup();
        String text;
        try {
            text = d.metadata(title ? MetadataType.TITLE : MetadataType.DESCRIPTION, null, flags);
        } catch (VirtException e) {
            if (e.code() != ErrorCode.NO_DOMAIN_METADATA) {
                throw e;
            }
            text = "";
        }
        if (text.isEmpty()) {
            out().println((title ? "No title for domain: " : "No description for domain: ") + d.name());
        } else {
            out().println(text);
        }
    }
}
