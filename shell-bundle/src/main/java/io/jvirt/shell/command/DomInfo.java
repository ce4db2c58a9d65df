package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Domain;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "dominfo", description = "Domain information")
@Service
public class DomInfo extends DomainCommand {

    @Override
    protected void run() throws Exception {
        Domain d = lookup();
        int id = d.id();
        field("Id:", id < 0 ? "-" : Integer.toString(id));
        field("Name:", d.name());
        field("UUID:", d.uuidString());
        field("OS Type:", d.osType());
        DomainInfo info = d.info();
        field("State:", info.state().label());
        field("CPU(s):", Integer.toString(info.vcpus()));
        if (info.cpuTimeNs() != 0) {
            field("CPU time:", String.format("%.1fs", info.cpuTimeNs() / 1e9));
        }
        field("Max memory:", info.maxMemoryKiB() + " KiB");
        field("Used memory:", info.memoryKiB() + " KiB");
        field("Persistent:", d.isPersistent() ? "yes" : "no");
        field("Autostart:", optional(() -> d.autostart() ? "enable" : "disable"));
        field("Managed save:", optional(() -> d.hasManagedSaveImage() ? "yes" : "no"));
    }

    /** virsh leaves out a line whose call the driver does not support. */
    private static String optional(java.util.function.Supplier<String> value) {
        try {
            return value.get();
        } catch (VirtException e) {
            return null;
        }
    }

    private void field(String label, String value) {
        if (value != null) {
            out().printf("%-15s %s%n", label, value);
        }
    }
}
