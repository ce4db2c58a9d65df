package io.jvirt.shell.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.DomainSnapshot;

/** virsh's snapshot-parent: the parent's name; "snapshot 'x' has no parent" for a root. */
@Command(scope = "virt", name = "snapshot-parent", description = "Get the name of the parent of a snapshot")
@Service
public class SnapshotParent extends SnapshotCommand {

    @Override
    protected void run() throws Exception {
        boolean[] current = {false};
        String name = parseWords(Map.of(), Map.of("current", () -> current[0] = true));
        DomainSnapshot s = lookupSnapshot(lookup(), "snapshotname", name, current[0], true);
        String parent = parentOf(s);
        if (parent == null) {
            throw failure("snapshot '" + s.name() + "' has no parent");
        }
        out().println(parent);
    }
}
