package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.CheckpointDeleteFlag;
import io.jvirt.api.DomainCheckpoint;
import io.jvirt.api.VirtException;

/** virsh's checkpoint-delete: "Domain checkpoint NAME deleted" (or "children deleted"). */
@Command(scope = "virt", name = "checkpoint-delete", description = "Delete a domain checkpoint")
@Service
public class CheckpointDelete extends CheckpointCommand {

    @Override
    protected void run() throws Exception {
        List<CheckpointDeleteFlag> flags = new ArrayList<>();
        Map<String, Runnable> bools = new HashMap<>();
        bools.put("children", () -> flags.add(CheckpointDeleteFlag.CHILDREN));
        bools.put("children-only", () -> flags.add(CheckpointDeleteFlag.CHILDREN_ONLY));
        bools.put("metadata", () -> flags.add(CheckpointDeleteFlag.METADATA_ONLY));
        String name = parseWords(Map.of(), bools);
        if (name == null) {
            throw failure("command 'checkpoint-delete' requires <checkpointname> option");
        }
        DomainCheckpoint c = lookup().checkpointLookupByName(name);
        try {
            c.delete(flags.toArray(CheckpointDeleteFlag[]::new));
        } catch (VirtException e) {
            throw failure("Failed to delete checkpoint " + name, e);
        }
        out().println("Domain checkpoint " + name + (flags.contains(CheckpointDeleteFlag.CHILDREN_ONLY) ? " children" : "")
            + " deleted");
    }
}
