package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ListFilter;
import io.jvirt.api.MetadataType;
import io.jvirt.api.VirtException;

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

    @Override
    protected void run() {
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
