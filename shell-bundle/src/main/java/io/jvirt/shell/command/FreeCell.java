package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.CellnoCompleter;

/**
 * virsh's freecell (cmdFreecell): the host's free memory (virNodeGetFreeMemory), one cell's
 * (--cellno, virNodeGetCellsFreeMemory), or every cell the capabilities show and their total
 * (--all), in KiB.
 */
@Command(scope = "virt", name = "freecell", description = "NUMA free memory")
@Service
public class FreeCell extends NodeCommand {

    @Option(name = "--cellno", description = "NUMA cell number")
    @Completion(CellnoCompleter.class)
    String cellno;

    @Option(name = "--all", description = "show free memory for all NUMA cells")
    boolean all;

    @Override
    protected List<String> positionalOptions() {
        return List.of("--cellno");
    }

    @Override
    protected void run() throws Exception {
        exclusive(all, "all", cellno != null, "cellno");
        if (!all) {
            if (cellno != null) {
                int cell = signedInt(cellno, "cellno");
                List<Long> free = connection().nodeCellsFreeMemory(cell, 1);
                if (free.size() != 1) {
                    throw quietFailure("no free memory for cell " + cell);
                }
                out().printf("%d: %s KiB%n", cell, Long.toUnsignedString(Long.divideUnsigned(free.get(0), 1024)));
                return;
            }
            long free = connection().nodeFreeMemory();
            out().printf("Total: %s KiB%n", Long.toUnsignedString(Long.divideUnsigned(free, 1024)));
            return;
        }
        List<Long> ids;
        try {
            ids = CapabilityCells.ids(connection().capabilities());
        } catch (VirtException e) {
            throw failure("unable to get node capabilities", e);
        } catch (IllegalArgumentException e) {
            throw failure(e.getMessage());
        }
        List<Long> free = new ArrayList<>();
        for (long id : ids) {
            try {
                List<Long> one = connection().nodeCellsFreeMemory((int) id, 1);
                if (one.size() != 1) {
                    throw failure("failed to get free memory for NUMA node number: " + id);
                }
                free.add(one.get(0));
            } catch (VirtException e) {
                throw failure("failed to get free memory for NUMA node number: " + id, e);
            }
        }
        StringBuilder b = new StringBuilder();
        long total = 0;
        for (int i = 0; i < ids.size(); i++) {
            b.append(String.format("%5d: %10s KiB%n", ids.get(i), Long.toUnsignedString(Long.divideUnsigned(free.get(i), 1024))));
            total += free.get(i);
        }
        b.append("--------------------\n");
        b.append(String.format("%5s: %10s KiB%n", "Total", Long.toUnsignedString(Long.divideUnsigned(total, 1024))));
        out().print(b);
    }
}
