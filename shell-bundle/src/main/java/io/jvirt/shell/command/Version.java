package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Connection;

@Command(scope = "virt", name = "version", description = "Show version")
@Service
public class Version extends VirtCommand {

    @Override
    protected void run() {
        Connection c = connection();
        String v = version(c.libraryVersion());
        out().println("Compiled against library: jvirt " + v);
        out().println("Using library: jvirt " + v);
        out().println("Using API: " + c.type() + " " + v);
        out().println("Running hypervisor: " + c.type() + " " + version(c.hypervisorVersion()));
    }

    /** libvirt's version encoding: major * 1,000,000 + minor * 1,000 + release. */
    static String version(long v) {
        return (v / 1_000_000) + "." + (v / 1_000 % 1_000) + "." + (v % 1_000);
    }
}
