package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.api.VirtException;

/** virsh's vol-list: a pool's volumes sorted by name ignoring case, with their paths (and --details: type and sizes). */
@Command(scope = "virt", name = "vol-list", description = "list vols")
@Service
public class VolList extends PoolFlagsCommand {

    @Option(name = "--details", description = "display extended details for volumes")
    boolean details;

    @Override
    protected void run() throws Exception {
        var p = lookupPool();
        List<StorageVol> vols;
        try {
            vols = new ArrayList<>(p.listAllVolumes());
        } catch (VirtException e) {
            throw failure("Failed to list volumes", e);
        }
        vols.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        VirshTable t = details ? new VirshTable("Name", "Path", "Type", "Capacity", "Allocation")
            : new VirshTable("Name", "Path");
        for (StorageVol v : vols) {
            String path;
            try {
                path = v.path();
            } catch (VirtException e) {
                path = "unknown";
            }
            if (!details) {
                t.row(v.name(), path);
                continue;
            }
            try {
                StorageVolInfo info = v.info();
                t.row(v.name(), path, info.type().label(), StorageSizes.pretty(info.capacity()),
                    StorageSizes.pretty(info.allocation()));
            } catch (VirtException e) {
                t.row(v.name(), path, "unknown", "unknown", "unknown");
            }
        }
        t.print(out());
    }
}
