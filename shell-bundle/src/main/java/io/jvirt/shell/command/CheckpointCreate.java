package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.CheckpointCreateFlag;
import io.jvirt.api.DomainCheckpoint;
import io.jvirt.api.VirtException;

/**
 * virsh's checkpoint-create (cmdCheckpointCreate): a checkpoint from an XML file (or an empty
 * {@code <domaincheckpoint/>}), --redefine to restore a checkpoint's metadata (parents first);
 * "Domain checkpoint NAME created from 'FILE'".
 */
@Command(scope = "virt", name = "checkpoint-create", description = "Create a checkpoint from XML")
@Service
public class CheckpointCreate extends CheckpointCommand {

    @Override
    protected String nameOption() {
        return "xmlfile";
    }

    @Override
    protected void run() throws Exception {
        List<CheckpointCreateFlag> flags = new ArrayList<>();
        Map<String, Runnable> bools = new HashMap<>();
        bools.put("redefine", () -> flags.add(CheckpointCreateFlag.REDEFINE));
        bools.put("quiesce", () -> flags.add(CheckpointCreateFlag.QUIESCE));
        bools.put("redefine-validate", () -> flags.add(CheckpointCreateFlag.REDEFINE_VALIDATE));
        String file = parseWords(Map.of(), bools);
        if (flags.contains(CheckpointCreateFlag.REDEFINE_VALIDATE) && !flags.contains(CheckpointCreateFlag.REDEFINE)) {
            throw failure("Option --redefine is required by option --redefine-validate");
        }
        var d = lookup();
        String xml = file == null ? "<domaincheckpoint/>" : readFile(file);
        DomainCheckpoint c;
        try {
            c = d.checkpointCreateXml(xml, flags.toArray(CheckpointCreateFlag[]::new));
        } catch (VirtException e) {
            throw failure(null, e);
        }
        out().println(file == null ? "Domain checkpoint " + c.name() + " created"
            : "Domain checkpoint " + c.name() + " created from '" + file + "'");
    }
}
