package io.jvirt.shell.command;

import java.util.HashMap;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.SnapshotXmlFlag;
import io.jvirt.api.VirtException;

/** virsh's snapshot-dumpxml: the snapshot's XML (--security-info). */
@Command(scope = "virt", name = "snapshot-dumpxml", description = "Dump XML for a domain snapshot")
@Service
public class SnapshotDumpXml extends SnapshotCommand {

    @Override
    protected void run() throws Exception {
        boolean[] secure = {false};
        Map<String, Runnable> bools = new HashMap<>();
        bools.put("security-info", () -> secure[0] = true);
        String name = parseWords(Map.of(), bools);
        if (name == null) {
            throw failure("command 'snapshot-dumpxml' requires <snapshotname> option");
        }
        try {
            DomainSnapshot s = lookup().snapshotLookupByName(name);
            out().print(secure[0] ? s.xmlDesc(SnapshotXmlFlag.SECURE) : s.xmlDesc());
        } catch (VirtException e) {
            throw failure(null, e);
        }
    }
}
