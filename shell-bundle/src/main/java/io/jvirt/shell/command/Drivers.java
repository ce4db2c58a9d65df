package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.DriverInfo;

@Command(scope = "virt", name = "drivers", description = "List the installed hypervisor drivers and the bundles that provide them")
@Service
public class Drivers extends VirtCommand {

    @Override
    protected void run() {
        VirshTable t = new VirshTable("Driver", "Schemes", "Stateful", "Bundle", "Version");
        for (DriverInfo d : connector.drivers()) {
            t.row(d.name(), String.join(",", d.schemes()), d.stateful() ? "yes" : "no",
                d.bundleId() < 0 ? "-" : d.bundleId() + " " + d.bundleName(), d.bundleVersion().isEmpty() ? "-" : d.bundleVersion());
        }
        t.print(out());
    }
}
