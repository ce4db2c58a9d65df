package io.jvirt.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.ModificationImpact;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CpuSet;

/**
 * virsh's iothreadinfo (cmdIOThreadInfo): a table of the I/O threads' ids and CPU affinities, or
 * "No IOThreads found for the domain".
 */
@Command(scope = "virt", name = "iothreadinfo", description = "view domain IOThreads")
@Service
public class IoThreadInfo extends ImpactFlagsCommand {

    @Override
    protected void run() throws Exception {
        ModificationImpact[] impact = impactFlags();
        List<io.jvirt.api.IoThreadInfo> info;
        try {
            info = lookup().ioThreadInfo(impact);
        } catch (VirtException e) {
            throw failure("Unable to get domain IOThreads information", e);
        }
        if (info.isEmpty()) {
            out().println("No IOThreads found for the domain");
            return;
        }
        VirshTable table = new VirshTable("IOThread ID", "CPU Affinity");
        for (io.jvirt.api.IoThreadInfo i : info) {
            table.row(Integer.toUnsignedString(i.id()), CpuSet.format(i.cpus()));
        }
        table.print(out());
    }
}
