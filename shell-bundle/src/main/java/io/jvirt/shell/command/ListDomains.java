package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.MetadataType;
import io.jvirt.api.NamedConnectionInfo;
import io.jvirt.api.NamedConnections;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.NamedConnectionCompleter;

@Command(scope = "virt", name = "list", description = "List domains (running ones unless told otherwise)")
@Service
public class ListDomains extends VirtCommand {

    @Option(name = "--all", description = "list inactive & active domains")
    boolean all;
    @Option(name = "--inactive", description = "list inactive domains")
    boolean inactive;
    @Option(name = "--persistent", description = "list persistent domains")
    boolean persistent;
    @Option(name = "--transient", description = "list transient domains")
    boolean transientOnly;
    @Option(name = "--autostart", description = "list domains with autostart enabled")
    boolean autostart;
    @Option(name = "--no-autostart", description = "list domains with autostart disabled")
    boolean noAutostart;
    @Option(name = "--state-running", description = "list domains in running state")
    boolean running;
    @Option(name = "--state-paused", description = "list domains in paused state")
    boolean paused;
    @Option(name = "--state-shutoff", description = "list domains in shutoff state")
    boolean shutoff;
    @Option(name = "--state-other", description = "list domains in other states")
    boolean other;
    @Option(name = "--name", description = "list domain names only")
    boolean namesOnly;
    @Option(name = "--uuid", description = "list uuid's only")
    boolean uuidsOnly;
    @Option(name = "--id", description = "list domain IDs only")
    boolean idsOnly;
    @Option(name = "--title", description = "show domain title")
    boolean title;
    @Option(name = "--connections", description = "list the domains of these named connections (comma-separated), with a Host column")
    @Completion(NamedConnectionCompleter.class)
    String connections;
    @Option(name = "--all-hosts", description = "list the domains of every named connection, with a Host column")
    boolean allHosts;
    @Option(name = "--timeout", description = "seconds to wait for the hosts of --connections or --all-hosts (default 30)")
    int timeoutSeconds = 30;

    @Reference(optional = true)
    NamedConnections named;

    @Override
    protected void run() throws Exception {
        if (allHosts || connections != null) {
            listHosts();
            return;
        }
        List<Domain> domains = connection().listAllDomains(filters());
        if (idsOnly && !namesOnly && !uuidsOnly) {
            for (Domain d : domains) {
                if (d.id() >= 0) {
                    out().println(d.id());
                }
            }
            return;
        }
        if (namesOnly || uuidsOnly) {
            for (Domain d : domains) {
                out().println(namesOnly && uuidsOnly ? d.uuidString() + " " + d.name() : namesOnly ? d.name() : d.uuidString());
            }
            return;
        }
        VirshTable table = title ? new VirshTable("Id", "Name", "State", "Title") : new VirshTable("Id", "Name", "State");
        for (Domain d : domains) {
            int id = d.id();
            String idText = id < 0 ? "-" : Integer.toString(id);
            String state = d.state().state().label();
            if (title) {
                table.row(idText, d.name(), state, title(d));
            } else {
                table.row(idText, d.name(), state);
            }
        }
        table.print(out());
    }

    /** The domains of several named connections, asked in parallel ({@link FleetListing}). */
    private void listHosts() throws Exception {
        exclusive(allHosts, "all-hosts", connections != null, "connections");
        exclusive(allHosts || connections != null, allHosts ? "all-hosts" : "connections", namesOnly || uuidsOnly || idsOnly,
            namesOnly ? "name" : uuidsOnly ? "uuid" : "id");
        if (named == null) {
            throw failure("named connections are not available (the core's NamedConnections service is missing)");
        }
        if (timeoutSeconds <= 0) {
            throw failure("Numeric value '" + timeoutSeconds + "' for <timeout> option is malformed or out of range");
        }
        List<String> hosts = new ArrayList<>();
        if (allHosts) {
            for (NamedConnectionInfo c : named.list()) {
                hosts.add(c.name());
            }
        } else {
            for (String h : connections.split(",")) {
                if (!h.isBlank() && !hosts.contains(h.trim())) {
                    hosts.add(h.trim());
                }
            }
        }
        ListFilter[] filters = filters();
        List<FleetListing.HostRows> results = FleetListing.query(named, hosts, java.time.Duration.ofSeconds(timeoutSeconds),
            c -> FleetListing.domainRows(c, filters, title ? ListDomains::title : null));
        if (FleetListing.print(results, title, out()) > 0) {
            // the error rows said why; a script still sees that the listing is not complete
            throw quietFailure("some hosts could not be listed");
        }
    }

    private ListFilter[] filters() {
        List<ListFilter> f = new ArrayList<>();
        boolean stateGiven = running || paused || shutoff || other;
        if (inactive) {
            f.add(ListFilter.INACTIVE);
        } else if (!all && !stateGiven) {
            f.add(ListFilter.ACTIVE);
        }
        add(f, persistent, ListFilter.PERSISTENT);
        add(f, transientOnly, ListFilter.TRANSIENT);
        add(f, autostart, ListFilter.AUTOSTART);
        add(f, noAutostart, ListFilter.NO_AUTOSTART);
        add(f, running, ListFilter.RUNNING);
        add(f, paused, ListFilter.PAUSED);
        add(f, shutoff, ListFilter.SHUTOFF);
        add(f, other, ListFilter.OTHER);
        return f.toArray(new ListFilter[0]);
    }

    private static void add(List<ListFilter> f, boolean on, ListFilter flag) {
        if (on) {
            f.add(flag);
        }
    }

    private static String title(Domain d) {
        try {
            return d.metadata(MetadataType.TITLE, null);
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN_METADATA) {
                return "";
            }
            throw e;
        }
    }
}
