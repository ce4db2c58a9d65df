package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.CheckpointXmlFlag;

/** virsh's checkpoint-dumpxml: the checkpoint's XML (--security-info, --no-domain, --size). */
@Command(scope = "virt", name = "checkpoint-dumpxml", description = "Dump XML for a domain checkpoint")
@Service
public class CheckpointDumpXml extends CheckpointCommand {

    @Override
    protected void run() throws Exception {
        List<CheckpointXmlFlag> flags = new ArrayList<>();
        Map<String, Runnable> bools = new HashMap<>();
        bools.put("security-info", () -> flags.add(CheckpointXmlFlag.SECURE));
        bools.put("no-domain", () -> flags.add(CheckpointXmlFlag.NO_DOMAIN));
        bools.put("size", () -> flags.add(CheckpointXmlFlag.SIZE));
        String name = parseWords(Map.of(), bools);
        if (name == null) {
            throw failure("command 'checkpoint-dumpxml' requires <checkpointname> option");
        }
        out().print(lookup().checkpointLookupByName(name).xmlDesc(flags.toArray(CheckpointXmlFlag[]::new)));
    }
}
