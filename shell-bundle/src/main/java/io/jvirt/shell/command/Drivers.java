package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.DriverInfo;

/**
 * The installed drivers and their bundles. A driver is listed while its OSGi service is
 * registered, which Declarative Services does only for a bundle that is active (or starting, with
 * lazy activation, which jvirt's drivers do not use): the State column says so. A driver whose
 * bundle stops disappears from the list.
 */
@Command(scope = "virt", name = "drivers", description = "List the installed hypervisor drivers and the bundles that provide them")
@Service
public class Drivers extends VirtCommand {

    @Option(name = "--functions", description = "list the libvirt API functions each driver implements")
    boolean functions;

    @Override
    protected void run() {
        if (functions) {
            printFunctions();
            return;
        }
        VirshTable t = new VirshTable("Driver", "Schemes", "Stateful", "Bundle", "Version", "State");
        for (DriverInfo d : connector.drivers()) {
            boolean osgi = d.bundleId() >= 0;
            t.row(d.name(), String.join(",", d.schemes()), d.stateful() ? "yes" : "no",
                osgi ? d.bundleId() + " " + d.bundleName() : "-", d.bundleVersion().isEmpty() ? "-" : d.bundleVersion(),
                osgi ? "Active" : "-");
        }
        t.print(out());
    }

    /** One line per driver: its name, how many libvirt functions it implements, then them (docs/SUPPORT.md). */
    private void printFunctions() {
        for (DriverInfo d : connector.drivers()) {
            out().println(d.name() + " (" + d.functions().size() + "): "
                + (d.functions().isEmpty() ? "-" : String.join(" ", d.functions())));
        }
    }
}
