package io.jvirt.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.NodeStat;
import io.jvirt.api.VirtException;

/** virsh's nodememstats (cmdNodeMemStats): the host's memory statistics, of all cells or of --cell, in KiB. */
@Command(scope = "virt", name = "nodememstats", description = "Prints memory stats of the node.")
@Service
public class NodeMemStats extends NodeCommand {

    @Option(name = "--cell", description = "prints specified cell statistics only.")
    String cell;

    @Override
    protected List<String> positionalOptions() {
        return List.of("--cell");
    }

    @Override
    protected void run() throws Exception {
        int cellNum = cell == null ? NodeStat.ALL_CELLS : signedInt(cell, "cell");
        List<NodeStat> stats;
        try {
            stats = connection().nodeMemoryStats(cellNum);
        } catch (VirtException e) {
            throw failure("Unable to get number of memory stats", e);
        }
        StringBuilder b = new StringBuilder();
        for (NodeStat s : stats) {
            b.append(String.format("%-7s: %20s KiB%n", s.field(), Long.toUnsignedString(s.value())));
        }
        out().print(b);
    }
}
