package io.jvirt.shell.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.CheckpointListFlag;
import io.jvirt.api.CheckpointXmlFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainCheckpoint;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * virsh's checkpoint-list (cmdCheckpointList): a table of names and creation times (with
 * --parent, parents), --name names only (with --parent each name's parent after a tab), or
 * --tree; sorted by name unless --topological; --roots, --leaves, --no-leaves, --from (with
 * --descendants) choose.
 */
@Command(scope = "virt", name = "checkpoint-list", description = "List checkpoints for a domain")
@Service
public class CheckpointList extends CheckpointCommand {

    private static final Pattern CREATION = Pattern.compile("<creationTime>(-?\\d+)</creationTime>");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx");

    @Override
    protected void run() throws Exception {
        Map<String, Boolean> o = new HashMap<>();
        Map<String, Runnable> bools = new HashMap<>();
        for (String b : List.of("parent", "roots", "leaves", "no-leaves", "tree", "descendants", "name", "topological")) {
            bools.put(b, () -> o.put(b, true));
        }
        String[] from = {null};
        if (parseWords(Map.<String, java.util.function.Consumer<String>>of("from", v -> from[0] = v), bools) != null) {
            throw failure("unexpected data '" + words.get(0) + "'");
        }
        boolean tree = o.containsKey("tree");
        boolean name = o.containsKey("name");
        boolean parent = o.containsKey("parent");
        boolean roots = o.containsKey("roots");
        exclusive(tree, "tree", name, "name");
        exclusive(parent, "parent", roots, "roots");
        exclusive(parent, "parent", tree, "tree");
        exclusive(roots, "roots", tree, "tree");
        exclusive(roots, "roots", from[0] != null, "from");
        List<CheckpointListFlag> flags = new ArrayList<>();
        for (String f : List.of("leaves", "no-leaves")) {
            if (o.containsKey(f)) {
                if (tree) {
                    throw failure("--" + f + " and --tree are mutually exclusive");
                }
                flags.add(f.equals("leaves") ? CheckpointListFlag.LEAVES : CheckpointListFlag.NO_LEAVES);
            }
        }
        boolean topological = o.containsKey("topological");
        if (topological) {
            flags.add(CheckpointListFlag.TOPOLOGICAL);
        }
        if (roots) {
            flags.add(CheckpointListFlag.ROOTS);
        }
        if (o.containsKey("descendants")) {
            if (from[0] == null) {
                throw failure("--descendants requires --from");
            }
            flags.add(CheckpointListFlag.DESCENDANTS);
        }
        Domain d = lookup();
        DomainCheckpoint start = from[0] == null ? null : d.checkpointLookupByName(from[0]);
        CheckpointListFlag[] f = flags.toArray(CheckpointListFlag[]::new);
        List<DomainCheckpoint> list;
        try {
            list = new ArrayList<>(start != null ? start.listAllChildren(f) : d.listAllCheckpoints(f));
        } catch (VirtException e) {
            throw failure("unexpected problem querying checkpoints", e);
        }
        if (tree && start != null) {
            list.add(start);
        }
        if (!topological) {
            list.sort((a, b) -> a.name().compareToIgnoreCase(b.name()));
        }
        List<String> names = list.stream().map(DomainCheckpoint::name).toList();
        List<String> parents = new ArrayList<>();
        if (tree || parent) {
            for (DomainCheckpoint c : list) {
                // with --from and --tree, the starting checkpoint is printed as a root
                parents.add(tree && c == start ? null : parentOf(c));
            }
        }
        if (tree) {
            VirshTree.print(out(), names, parents);
            return;
        }
        if (name) {
            for (int i = 0; i < names.size(); i++) {
                String p = parent ? parents.get(i) : null;
                out().println(p == null ? names.get(i) : names.get(i) + "\t" + p);
            }
            return;
        }
        VirshTable table = parent ? new VirshTable("Name", "Creation Time", "Parent") : new VirshTable("Name", "Creation Time");
        for (int i = 0; i < list.size(); i++) {
            Matcher m = CREATION.matcher(list.get(i).xmlDesc(CheckpointXmlFlag.NO_DOMAIN));
            if (!m.find()) {
                continue;
            }
            String then = TIME.format(Instant.ofEpochSecond(Long.parseLong(m.group(1))).atZone(ZoneId.systemDefault()));
            if (parent) {
                table.row(names.get(i), then, parents.get(i) == null ? "" : parents.get(i));
            } else {
                table.row(names.get(i), then);
            }
        }
        table.print(out());
    }

    /** virshGetCheckpointParent: the parent's name, null for a root. */
    private static String parentOf(DomainCheckpoint c) throws Exception {
        try {
            return c.parent().name();
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_DOMAIN_CHECKPOINT) {
                return null;
            }
            throw failure("unable to determine if checkpoint has parent", e);
        }
    }
}
