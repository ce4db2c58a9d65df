package io.jvirt.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.CapabilityCells;
import io.jvirt.shell.command.SessionConnection;

/**
 * Completes NUMA cell numbers as virsh's virshCellnoCompleter does: the ids of the cells the
 * session connection's capabilities show; nothing when a cell has no id or there is no connection.
 */
@Service
public class CellnoCompleter implements Completer {

    @Reference
    Connector connector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter cells = new StringsCompleter();
        try {
            cells.getStrings().addAll(cells(SessionConnection.get(session, connector)));
        } catch (VirtException e) {
            // no connection, no candidates
        }
        return cells.complete(session, commandLine, candidates);
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
