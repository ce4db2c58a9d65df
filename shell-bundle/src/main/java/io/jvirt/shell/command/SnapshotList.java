package io.jvirt.shell.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Domain;
import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.SnapshotListFlag;
import io.jvirt.api.VirtException;

/**
 * virsh 9.0's snapshot-list (cmdSnapshotList): a table of names, creation times and states (with
 * --parent, parents), --name names only (with --parent each name's parent after a tab), or --tree; sorted by name unless --topological; --roots,
 * --leaves, --no-leaves, --metadata, --no-metadata, the state and location filters, --from or
 * --current (with --descendants) choose.
 */
@Command(scope = "virt", name = "snapshot-list", description = "List snapshots for a domain")
@Service
public class SnapshotList extends SnapshotCommand {

    private static final Pattern CREATION = Pattern.compile("<creationTime>(-?\\d+)</creationTime>");
    private static final Pattern STATE = Pattern.compile("<state>([^<]*)</state>");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx");
    /** The filter options in virsh's order, refused with --tree. */
    private static final Map<String, SnapshotListFlag> FILTERS = new LinkedHashMap<>();

    static {
        FILTERS.put("leaves", SnapshotListFlag.LEAVES);
        FILTERS.put("no-leaves", SnapshotListFlag.NO_LEAVES);
        FILTERS.put("inactive", SnapshotListFlag.INACTIVE);
        FILTERS.put("active", SnapshotListFlag.ACTIVE);
        FILTERS.put("disk-only", SnapshotListFlag.DISK_ONLY);
        FILTERS.put("internal", SnapshotListFlag.INTERNAL);
        FILTERS.put("external", SnapshotListFlag.EXTERNAL);
    }

    @Override
    protected String nameOption() {
        return "from";
    }

    @Override
    protected void run() throws Exception {
        Map<String, Boolean> o = new HashMap<>();
        Map<String, Runnable> bools = new HashMap<>();
        for (String b : List.of("parent", "roots", "tree", "descendants", "name", "topological", "current", "metadata",
            "no-metadata")) {
            bools.put(b, () -> o.put(b, true));
        }
        FILTERS.keySet().forEach(f -> bools.put(f, () -> o.put(f, true)));
        String from = parseWords(Map.of(), bools);
        boolean tree = o.containsKey("tree");
        boolean name = o.containsKey("name");
        boolean parent = o.containsKey("parent");
        boolean roots = o.containsKey("roots");
        boolean current = o.containsKey("current");
        exclusive(tree, "tree", name, "name");
        exclusive(parent, "parent", roots, "roots");
        exclusive(parent, "parent", tree, "tree");
        exclusive(roots, "roots", tree, "tree");
        exclusive(roots, "roots", from != null, "from");
        exclusive(roots, "roots", current, "current");
        List<SnapshotListFlag> flags = new ArrayList<>();
        for (Map.Entry<String, SnapshotListFlag> f : FILTERS.entrySet()) {
            if (o.containsKey(f.getKey())) {
                if (tree) {
                    throw failure("--" + f.getKey() + " and --tree are mutually exclusive");
                }
                flags.add(f.getValue());
            }
        }
        boolean topological = o.containsKey("topological");
        if (topological) {
            flags.add(SnapshotListFlag.TOPOLOGICAL);
        }
        if (roots) {
            flags.add(SnapshotListFlag.ROOTS);
        }
        if (o.containsKey("metadata")) {
            flags.add(SnapshotListFlag.METADATA);
        }
        if (o.containsKey("no-metadata")) {
            flags.add(SnapshotListFlag.NO_METADATA);
        }
        if (o.containsKey("descendants")) {
            if (from == null && !current) {
                throw failure("--descendants requires either --from or --current");
            }
            flags.add(SnapshotListFlag.DESCENDANTS);
        }
        Domain d = lookup();
        DomainSnapshot start = from != null || current ? lookupSnapshot(d, "from", from, current, true) : null;
        SnapshotListFlag[] f = flags.toArray(SnapshotListFlag[]::new);
        List<DomainSnapshot> list;
        try {
            list = new ArrayList<>(start != null ? start.listAllChildren(f) : d.listAllSnapshots(f));
        } catch (VirtException e) {
            throw failure(null, e);
        }
        List<String> parents = new ArrayList<>();
        if (tree || parent) {
            for (DomainSnapshot s : list) {
                parents.add(parentOf(s));
            }
            if (tree && start != null) {
                // with --from and --tree, the starting snapshot is printed as the root
                list.add(start);
                parents.add(null);
            }
        }
        if (!topological) {
            sortByName(list, parents);
        }
        List<String> names = list.stream().map(DomainSnapshot::name).toList();
        if (tree) {
            VirshTree.print(out(), names, parents);
            return;
        }
        if (name) {
            // with --parent each name's parent after a tab, as virsh (10.x) prints it for snapshots and checkpoints
            for (int i = 0; i < names.size(); i++) {
                String p = parent ? parents.get(i) : null;
                out().println(p == null ? names.get(i) : names.get(i) + "\t" + p);
            }
            return;
        }
        VirshTable table = parent ? new VirshTable("Name", "Creation Time", "State", "Parent")
            : new VirshTable("Name", "Creation Time", "State");
        for (DomainSnapshot s : list) {
            String xml;
            try {
                xml = s.xmlDesc();
            } catch (VirtException e) {
                continue;
            }
            int dom = xml.indexOf("\n  <domain");
            String head = dom < 0 ? xml : xml.substring(0, dom);
            Matcher state = STATE.matcher(head);
            Matcher created = CREATION.matcher(head);
            if (!state.find() || !created.find()) {
                continue;
            }
            String then = TIME.format(Instant.ofEpochSecond(Long.parseLong(created.group(1))).atZone(ZoneId.systemDefault()));
            if (parent) {
                String p = parentOf(s);
                table.row(s.name(), then, state.group(1), p == null ? "" : p);
            } else {
                table.row(s.name(), then, state.group(1));
            }
        }
        table.print(out());
    }

    /** virsh's qsort by name, case-insensitively, the parents kept beside their snapshots. */
    private static void sortByName(List<DomainSnapshot> list, List<String> parents) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> list.get(a).name().compareToIgnoreCase(list.get(b).name()));
        List<DomainSnapshot> sorted = new ArrayList<>();
        List<String> sortedParents = new ArrayList<>();
        for (int i : order) {
            sorted.add(list.get(i));
            if (!parents.isEmpty()) {
                sortedParents.add(parents.get(i));
            }
        }
        list.clear();
        list.addAll(sorted);
        parents.clear();
        parents.addAll(sortedParents);
    }
}
