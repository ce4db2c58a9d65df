package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.HostnameFlag;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.HostnameSourceCompleter;

/** virsh's {@code domhostname}: the guest's host name, or "error: failed to get hostname" and libvirt's reason. */
@Command(scope = "virt", name = "domhostname", description = "print the domain's hostname")
@Service
public class DomHostname extends DomainFlagsCommand {

    @Option(name = "--source", description = "address source: 'lease' or 'agent'")
    @Completion(HostnameSourceCompleter.class)
    String source;

    @Override
    protected void run() throws Exception {
        List<HostnameFlag> flags = new ArrayList<>();
        if (source != null) {
            switch (source) {
                case "agent" -> flags.add(HostnameFlag.AGENT);
                case "lease" -> flags.add(HostnameFlag.LEASE);
                default -> throw failure("Unknown data source '" + source + "'");
            }
        }
        String name;
        try {
            name = lookup().hostname(flags.toArray(new HostnameFlag[0]));
        } catch (VirtException e) {
            throw failure("failed to get hostname", e);
        }
        out().println(name);
    }
}
