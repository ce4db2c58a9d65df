package io.jvirt.shell.command;

import java.util.function.Supplier;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Network;
import io.jvirt.api.VirtException;

/** virsh's net-info: each line whose call fails is left out or says so, as virsh's cmdNetworkInfo does. */
@Command(scope = "virt", name = "net-info", description = "network information")
@Service
public class NetInfo extends NetworkCommand {

    @Override
    protected void run() throws Exception {
        Network n = lookupNetwork();
        field("Name:", n.name());
        field("UUID:", n.uuidString());
        Boolean active = orNull(n::isActive);
        if (active != null) {
            field("Active:", active ? "yes" : "no");
        }
        Boolean persistent = orNull(n::isPersistent);
        field("Persistent:", persistent == null ? "unknown" : persistent ? "yes" : "no");
        Boolean autostart = orNull(n::autostart);
        field("Autostart:", autostart == null ? "no autostart" : autostart ? "yes" : "no");
        String bridge = orNull(n::bridgeName);
        if (bridge != null) {
            field("Bridge:", bridge);
        }
    }

    private static <T> T orNull(Supplier<T> call) {
        try {
            return call.get();
        } catch (VirtException e) {
            return null;
        }
    }

    private void field(String label, String value) {
        out().printf("%-15s %s%n", label, value);
    }
}
