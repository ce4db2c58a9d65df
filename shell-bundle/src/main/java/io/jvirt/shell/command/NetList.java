package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Network;
import io.jvirt.api.NetworkListFilter;
import io.jvirt.api.VirtException;

/** virsh's net-list: active networks unless told otherwise, sorted by name ignoring case, as virsh sorts them. */
@Command(scope = "virt", name = "net-list", description = "list networks")
@Service
public class NetList extends VirtCommand {

    @Option(name = "--inactive", description = "list inactive networks")
    boolean inactive;
    @Option(name = "--all", description = "list inactive & active networks")
    boolean all;
    @Option(name = "--persistent", description = "list persistent networks")
    boolean persistent;
    @Option(name = "--transient", description = "list transient networks")
    boolean transientOnly;
    @Option(name = "--autostart", description = "list networks with autostart enabled")
    boolean autostart;
    @Option(name = "--no-autostart", description = "list networks with autostart disabled")
    boolean noAutostart;
    @Option(name = "--uuid", description = "list uuid's only")
    boolean uuidsOnly;
    @Option(name = "--name", description = "list network names only")
    boolean namesOnly;
    @Option(name = "--table", description = "list table (default)")
    boolean table;

    @Override
    protected void run() throws Exception {
        if ((table ? 1 : 0) + (namesOnly ? 1 : 0) + (uuidsOnly ? 1 : 0) > 1) {
            throw failure("Only one argument from --table, --name and --uuid may be specified.");
        }
        List<Network> networks;
        try {
            networks = new ArrayList<>(connection().listAllNetworks(filters()));
        } catch (VirtException e) {
            throw failure("Failed to list networks", e);
        }
        networks.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        if (namesOnly || uuidsOnly) {
            for (Network n : networks) {
                out().println(namesOnly ? n.name() : n.uuidString());
            }
            return;
        }
        VirshTable t = new VirshTable("Name", "State", "Autostart", "Persistent");
        for (Network n : networks) {
            t.row(n.name(), n.isActive() ? "active" : "inactive", autostart(n), n.isPersistent() ? "yes" : "no");
        }
        t.print(out());
    }

    private static String autostart(Network n) {
        try {
            return n.autostart() ? "yes" : "no";
        } catch (VirtException e) {
            return "no autostart";
        }
    }

    private NetworkListFilter[] filters() {
        List<NetworkListFilter> f = new ArrayList<>();
        if (all) {
            f.add(NetworkListFilter.ACTIVE);
            f.add(NetworkListFilter.INACTIVE);
        } else {
            f.add(inactive ? NetworkListFilter.INACTIVE : NetworkListFilter.ACTIVE);
        }
        add(f, persistent, NetworkListFilter.PERSISTENT);
        add(f, transientOnly, NetworkListFilter.TRANSIENT);
        add(f, autostart, NetworkListFilter.AUTOSTART);
        add(f, noAutostart, NetworkListFilter.NO_AUTOSTART);
        return f.toArray(new NetworkListFilter[0]);
    }

    private static void add(List<NetworkListFilter> f, boolean on, NetworkListFilter flag) {
        if (on) {
            f.add(flag);
        }
    }
}
