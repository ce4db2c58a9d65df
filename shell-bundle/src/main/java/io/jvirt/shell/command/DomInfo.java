package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Domain;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.VirtException;

@Command(scope = "virt", name = "dominfo", description = "Domain information")
@Service
public class DomInfo extends DomainFlagsCommand {

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
        securityLines(d);
    }

    /**
     * virsh's cmdDominfo: the host's security model and DOI when it has one (a driver without:
     * nothing), then the domain's label when it runs; any other failure fails the command.
     */
    private void securityLines(Domain d) {
        io.jvirt.api.SecurityModel model;
        try {
            model = connection().securityModel();
        } catch (VirtException e) {
            if (e.code() == io.jvirt.api.ErrorCode.NO_SUPPORT) {
                return;
            }
            throw e;
        }
        if (model.model().isEmpty()) {
            return;
        }
        field("Security model:", model.model());
        field("Security DOI:", model.doi());
        io.jvirt.api.SecurityLabel label = d.securityLabel();
        if (!label.label().isEmpty()) {
            field("Security label:", label.label() + " (" + (label.enforcing() ? "enforcing" : "permissive") + ")");
        }
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
