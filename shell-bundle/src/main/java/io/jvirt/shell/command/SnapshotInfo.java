package io.jvirt.shell.command;

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
 * virsh's snapshot-info (cmdSnapshotInfo): name, domain, current, state and location (read from
 * the snapshot's XML), parent, children and descendants counts, metadata.
 */
@Command(scope = "virt", name = "snapshot-info", description = "snapshot information")
@Service
public class SnapshotInfo extends SnapshotCommand {

    private static final Pattern STATE = Pattern.compile("<state>([^<]*)</state>");
    private static final Pattern PARENT = Pattern.compile("^  <parent>\\s*<name>([^<]*)</name>", Pattern.MULTILINE);
    /** Before the domain: memory or a disk snapshotted externally. */
    private static final Pattern EXTERNAL = Pattern.compile("<(memory|disk) [^>]*snapshot='external'");

    @Override
    protected void run() throws Exception {
        boolean[] current = {false};
        String name = parseWords(Map.of(), Map.of("current", () -> current[0] = true));
        Domain d = lookup();
        DomainSnapshot s = lookupSnapshot(d, "snapshotname", name, current[0], true);
        try {
            line("Name:", s.name());
            line("Domain:", d.name());
            line("Current:", s.isCurrent() ? "yes" : "no");
            String xml = s.xmlDesc();
            int dom = xml.indexOf("\n  <domain");
            String head = dom < 0 ? xml : xml.substring(0, dom);
            Matcher state = STATE.matcher(head);
            if (!state.find()) {
                throw failure("unexpected problem reading snapshot xml");
            }
            line("State:", state.group(1));
            boolean hasMemory = head.contains("<memory ");
            boolean external = hasMemory ? EXTERNAL.matcher(head).find() : state.group(1).equals("disk-snapshot");
            line("Location:", external ? "external" : "internal");
            Matcher parent = PARENT.matcher(head);
            line("Parent:", parent.find() ? parent.group(1) : "-");
            line("Children:", Integer.toString(s.listAllChildren().size()));
            line("Descendants:", Integer.toString(s.listAllChildren(SnapshotListFlag.DESCENDANTS).size()));
            line("Metadata:", s.hasMetadata() ? "yes" : "no");
        } catch (VirtException e) {
            throw failure(null, e);
        }
    }

    private void line(String label, String value) {
        out().println(String.format("%-15s %s", label, value));
    }
}
