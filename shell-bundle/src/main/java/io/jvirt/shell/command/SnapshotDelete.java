package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.SnapshotDeleteFlag;
import io.jvirt.api.VirtException;

/** virsh's snapshot-delete: "Domain snapshot NAME deleted" (or "children deleted"); --current deletes the current one. */
@Command(scope = "virt", name = "snapshot-delete", description = "Delete a domain snapshot")
@Service
public class SnapshotDelete extends SnapshotCommand {

    @Override
    protected void run() throws Exception {
        List<SnapshotDeleteFlag> flags = new ArrayList<>();
        boolean[] current = {false};
        Map<String, Runnable> bools = new HashMap<>();
        bools.put("current", () -> current[0] = true);
        bools.put("children", () -> flags.add(SnapshotDeleteFlag.CHILDREN));
        bools.put("children-only", () -> flags.add(SnapshotDeleteFlag.CHILDREN_ONLY));
        bools.put("metadata", () -> flags.add(SnapshotDeleteFlag.METADATA_ONLY));
        String name = parseWords(Map.of(), bools);
        DomainSnapshot s = lookupSnapshot(lookup(), "snapshotname", name, current[0], true);
        try {
            s.delete(flags.toArray(SnapshotDeleteFlag[]::new));
        } catch (VirtException e) {
            throw failure("Failed to delete snapshot " + s.name(), e);
        }
        out().println("Domain snapshot " + s.name() + (flags.contains(SnapshotDeleteFlag.CHILDREN_ONLY) ? " children" : "")
            + " deleted");
    }
}
