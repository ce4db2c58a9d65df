package io.jvirt.shell.command;

import java.util.HashMap;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Domain;
import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.SnapshotCreateFlag;
import io.jvirt.api.SnapshotXmlFlag;
import io.jvirt.api.VirtException;

/**
 * virsh's snapshot-current (cmdSnapshotCurrent): the current snapshot's XML (--name: its name),
 * or with a snapshot name that snapshot made current (its own XML redefined with CURRENT, as virsh
 * does it).
 */
@Command(scope = "virt", name = "snapshot-current", description = "Get or set the current snapshot")
@Service
public class SnapshotCurrent extends SnapshotCommand {

    @Override
    protected void run() throws Exception {
        boolean[] o = new boolean[2];
        Map<String, Runnable> bools = new HashMap<>();
        bools.put("name", () -> o[0] = true);
        bools.put("security-info", () -> o[1] = true);
        String name = parseWords(Map.of(), bools);
        exclusive(o[0], "name", name != null, "snapshotname");
        Domain d = lookup();
        try {
            if (name != null) {
                DomainSnapshot s = d.snapshotLookupByName(name);
                String xml = s.xmlDesc(SnapshotXmlFlag.SECURE);
                if (xml.contains("<state>disk-snapshot</state>")) {
                    d.snapshotCreateXml(xml, SnapshotCreateFlag.REDEFINE, SnapshotCreateFlag.CURRENT, SnapshotCreateFlag.DISK_ONLY);
                } else {
                    d.snapshotCreateXml(xml, SnapshotCreateFlag.REDEFINE, SnapshotCreateFlag.CURRENT);
                }
                out().println("Snapshot " + name + " set as current");
                return;
            }
            if (!d.hasCurrentSnapshot()) {
                throw failure("domain '" + d.name() + "' has no current snapshot");
            }
            DomainSnapshot s = d.snapshotCurrent();
            if (o[0]) {
                out().println(s.name());
            } else {
                out().print(o[1] ? s.xmlDesc(SnapshotXmlFlag.SECURE) : s.xmlDesc());
            }
        } catch (VirtException e) {
            throw failure(null, e);
        }
    }
}
