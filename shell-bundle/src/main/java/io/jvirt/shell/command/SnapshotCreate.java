package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.SnapshotCreateFlag;
import io.jvirt.api.VirtException;

/**
 * virsh's snapshot-create (cmdSnapshotCreate): a snapshot from an XML file (or an empty
 * {@code <domainsnapshot/>}), --redefine with --current to restore a snapshot's metadata;
 * "Domain snapshot NAME created from 'FILE'".
 */
@Command(scope = "virt", name = "snapshot-create", description = "Create a snapshot from XML")
@Service
public class SnapshotCreate extends SnapshotCommand {

    private static final Map<String, SnapshotCreateFlag> FLAGS = Map.of("redefine", SnapshotCreateFlag.REDEFINE,
        "current", SnapshotCreateFlag.CURRENT, "no-metadata", SnapshotCreateFlag.NO_METADATA, "halt", SnapshotCreateFlag.HALT,
        "disk-only", SnapshotCreateFlag.DISK_ONLY, "reuse-external", SnapshotCreateFlag.REUSE_EXT,
        "quiesce", SnapshotCreateFlag.QUIESCE, "atomic", SnapshotCreateFlag.ATOMIC, "live", SnapshotCreateFlag.LIVE,
        "validate", SnapshotCreateFlag.VALIDATE);

    @Override
    protected String nameOption() {
        return "xmlfile";
    }

    @Override
    protected void run() throws Exception {
        List<SnapshotCreateFlag> flags = new ArrayList<>();
        Map<String, Runnable> bools = new HashMap<>();
        FLAGS.forEach((k, f) -> bools.put(k, () -> flags.add(f)));
        String file = parseWords(Map.of(), bools);
        var d = lookup();
        String xml = file == null ? "<domainsnapshot/>" : readFile(file);
        DomainSnapshot s;
        try {
            s = d.snapshotCreateXml(xml, flags.toArray(SnapshotCreateFlag[]::new));
        } catch (VirtException e) {
            throw failure(null, e);
        }
        out().println(file == null ? "Domain snapshot " + s.name() + " created"
            : "Domain snapshot " + s.name() + " created from '" + file + "'");
    }
}
