package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.MemoryStats;
import io.jvirt.api.VirtException;

/**
 * virsh's {@code dommemstat}: one "NAME VALUE" line per statistic the driver reported, in the
 * driver's order (virsh walks the array libvirt returns). virsh's --period/--live/--config, which
 * set the balloon's collection period, are not here: the API has no virDomainSetMemoryStatsPeriod.
 */
@Command(scope = "virt", name = "dommemstat", description = "get memory statistics for a domain")
@Service
public class DomMemStat extends DomainFlagsCommand {

    @Override
    protected void run() throws Exception {
        MemoryStats stats;
        try {
            stats = lookup().memoryStats();
        } catch (VirtException e) {
            throw failure("Failed to get memory statistics for domain " + domain, e);
        }
        for (MemoryStats.Stat s : stats) {
            out().println(s.tag().label() + " " + s.value());
        }
    }
}
