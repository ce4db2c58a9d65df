package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.SnapshotRevertFlag;
import io.jvirt.api.VirtException;

/**
 * virsh's snapshot-revert (cmdDomainSnapshotRevert): the domain back to a snapshot (or the current
 * one); --force is tried only when the revert without it is refused as risky, as virsh does.
 */
@Command(scope = "virt", name = "snapshot-revert", description = "Revert a domain to a snapshot")
@Service
public class SnapshotRevert extends SnapshotCommand {

    @Override
    protected void run() throws Exception {
        List<SnapshotRevertFlag> flags = new ArrayList<>();
        boolean[] o = new boolean[2];
        Map<String, Runnable> bools = new HashMap<>();
        bools.put("current", () -> o[0] = true);
        bools.put("force", () -> o[1] = true);
        bools.put("running", () -> flags.add(SnapshotRevertFlag.RUNNING));
        bools.put("paused", () -> flags.add(SnapshotRevertFlag.PAUSED));
        bools.put("reset-nvram", () -> flags.add(SnapshotRevertFlag.RESET_NVRAM));
        String name = parseWords(Map.of(), bools);
        DomainSnapshot s = lookupSnapshot(lookup(), "snapshotname", name, o[0], true);
        try {
            try {
                s.revert(flags.toArray(SnapshotRevertFlag[]::new));
            } catch (VirtException e) {
                if (!o[1] || e.code() != ErrorCode.SNAPSHOT_REVERT_RISKY) {
                    throw e;
                }
                flags.add(SnapshotRevertFlag.FORCE);
                s.revert(flags.toArray(SnapshotRevertFlag[]::new));
            }
        } catch (VirtException e) {
            throw failure(null, e);
        }
        out().println("Domain snapshot " + s.name() + " reverted");
    }
}
