package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.StoragePoolState;
import io.jvirt.api.VirtException;
import io.jvirt.api.storage.StoragePoolType;
import io.jvirt.shell.command.completers.PoolTypeCompleter;

/**
 * virsh's pool-list: active pools unless told otherwise, sorted by name ignoring case; the old
 * three-column table, the --details one with sizes (running and degraded pools only), or names
 * and UUIDs alone in virsh's padded layout.
 */
@Command(scope = "virt", name = "pool-list", description = "list pools")
@Service
public class PoolList extends VirtCommand {

    @Option(name = "--inactive", description = "list inactive pools")
    boolean inactive;
    @Option(name = "--all", description = "list inactive & active pools")
    boolean all;
    @Option(name = "--transient", description = "list transient pools")
    boolean transientOnly;
    @Option(name = "--persistent", description = "list persistent pools")
    boolean persistent;
    @Option(name = "--autostart", description = "list pools with autostart enabled")
    boolean autostart;
    @Option(name = "--no-autostart", description = "list pools with autostart disabled")
    boolean noAutostart;
    @Option(name = "--type", description = "only list pool of specified type(s) (if supported)")
    @Completion(PoolTypeCompleter.class)
    String type;
    @Option(name = "--details", description = "display extended details for pools")
    boolean details;
    @Option(name = "--uuid", description = "list UUID of active pools only")
    boolean uuidsOnly;
    @Option(name = "--name", description = "list name of active pools only")
    boolean namesOnly;

    @Override
    protected void run() throws Exception {
        exclusive(all, "all", inactive, "inactive");
        exclusive(details, "details", uuidsOnly, "uuid");
        exclusive(details, "details", namesOnly, "name");
        StoragePoolListFilter[] filters = filters();
        List<StoragePool> pools;
        try {
            pools = new ArrayList<>(connection().listAllStoragePools(filters));
        } catch (VirtException e) {
            throw failure("Failed to list pools", e);
        }
        pools.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        if (!details && (uuidsOnly || namesOnly)) {
            for (StoragePool p : pools) {
                if (uuidsOnly) {
                    out().print(String.format("%-36s", p.uuidString()) + (namesOnly ? " " : "\n"));
                }
                if (namesOnly) {
                    out().print(String.format("%-20s", p.name()) + "\n");
                }
            }
            return;
        }
        VirshTable t = details
            ? new VirshTable("Name", "State", "Autostart", "Persistent", "Capacity", "Allocation", "Available")
            : new VirshTable("Name", "State", "Autostart");
        for (StoragePool p : pools) {
            t.row(row(p));
        }
        t.print(out());
    }

    /** One pool's cells, each as virsh words it when its call fails. */
    private String[] row(StoragePool p) {
        String auto;
        try {
            auto = p.autostart() ? "yes" : "no";
        } catch (VirtException e) {
            auto = "no autostart";
        }
        String persistence = "unknown";
        if (details) {
            try {
                persistence = p.isPersistent() ? "yes" : "no";
            } catch (VirtException e) {
                persistence = "unknown";
            }
        }
        StoragePoolInfo info;
        try {
            info = p.info();
        } catch (VirtException e) {
            // virsh prints this line where it is (before the table) and goes on
            out().println("error: Could not retrieve pool information");
            return details ? new String[] {p.name(), "unknown", auto, persistence, "unknown", "unknown", "unknown"}
                : new String[] {p.name(), "unknown", auto};
        }
        if (!details) {
            boolean active;
            try {
                active = p.isActive();
            } catch (VirtException e) {
                active = true; // virsh tests the call's result for non-zero: its -1 reads as active
            }
            return new String[] {p.name(), active ? "active" : "inactive", auto};
        }
        boolean sized = info.state() == StoragePoolState.RUNNING || info.state() == StoragePoolState.DEGRADED;
        return new String[] {p.name(), info.state().label(), auto, persistence,
            sized ? StorageSizes.pretty(info.capacity()) : "-",
            sized ? StorageSizes.pretty(info.allocation()) : "-",
            sized ? StorageSizes.pretty(info.available()) : "-"};
    }

    private StoragePoolListFilter[] filters() throws Exception {
        List<StoragePoolListFilter> f = new ArrayList<>();
        if (all) {
            f.add(StoragePoolListFilter.ACTIVE);
            f.add(StoragePoolListFilter.INACTIVE);
        } else {
            f.add(inactive ? StoragePoolListFilter.INACTIVE : StoragePoolListFilter.ACTIVE);
        }
        add(f, autostart, StoragePoolListFilter.AUTOSTART);
        add(f, noAutostart, StoragePoolListFilter.NO_AUTOSTART);
        add(f, persistent, StoragePoolListFilter.PERSISTENT);
        add(f, transientOnly, StoragePoolListFilter.TRANSIENT);
        if (type != null) {
            for (String t : VirshStrings.split(type)) {
                StoragePoolType poolType = StoragePoolType.ofLabel(t);
                if (poolType == null) {
                    throw failure("Invalid pool type '" + t + "'");
                }
                add(f, true, poolType.listFilter());
            }
        }
        return f.toArray(new StoragePoolListFilter[0]);
    }

    private static void add(List<StoragePoolListFilter> f, boolean on, StoragePoolListFilter flag) {
        if (on && !f.contains(flag)) {
            f.add(flag);
        }
    }
}
