package io.jvirt.shell.command.completers;

import java.util.Collection;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.jvirt.api.Connection;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.CapabilityCells;

/**
 * Completes NUMA cell numbers as virsh's virshCellnoCompleter does: the ids of the cells the
 * session connection's capabilities show; nothing when a cell has no id or there is no connection.
 */
@Service
public class CellnoCompleter extends ConnectionCompleter {

    @Override
    protected void words(Connection c, CommandLine commandLine, Collection<String> out) {
        out.addAll(cells(c));
    }

    static List<String> cells(Connection c) {
        try {
            List<String> ids = CapabilityCells.cellIds(c.capabilities());
            return ids.contains(null) ? List.of() : ids;
        } catch (IllegalArgumentException | VirtException e) {
            return List.of();
        }
    }
}
