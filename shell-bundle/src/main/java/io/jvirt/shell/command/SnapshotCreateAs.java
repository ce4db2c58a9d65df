package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Domain;
import io.jvirt.api.DomainSnapshot;
import io.jvirt.api.SnapshotCreateFlag;
import io.jvirt.api.domain.XmlEscape;

/**
 * virsh's snapshot-create-as (cmdSnapshotCreateAs): a snapshot's XML from a name, a description,
 * a memory spec and disk specs, printed with --print-xml or created ("Domain snapshot NAME created").
 */
@Command(scope = "virt", name = "snapshot-create-as", description = "Create a snapshot from a set of args")
@Service
public class SnapshotCreateAs extends VirtCommand {

    @Option(name = "--domain", description = "domain name, id or uuid")
    String domainOption;
    @Option(name = "--print-xml", description = "print XML document rather than create")
    boolean printXml;
    @Option(name = "--name", description = "name of snapshot")
    String nameOption;
    @Option(name = "--description", description = "description of snapshot")
    String descriptionOption;
    @Option(name = "--memspec", description = "memory attributes: [file=]name[,snapshot=type]")
    String memspecOption;
    @Option(name = "--diskspec", description = "disk attributes", multiValued = true)
    List<String> diskspecOption = new ArrayList<>();

    @Argument(index = 0, name = "domain", description = "domain, name, description, then disk specs", multiValued = true)
    List<String> words = new ArrayList<>();

    /** The boolean options and their flags. */
    private static final java.util.Map<String, SnapshotCreateFlag> FLAGS = java.util.Map.of(
        "no-metadata", SnapshotCreateFlag.NO_METADATA, "halt", SnapshotCreateFlag.HALT,
        "disk-only", SnapshotCreateFlag.DISK_ONLY, "reuse-external", SnapshotCreateFlag.REUSE_EXT,
        "quiesce", SnapshotCreateFlag.QUIESCE, "atomic", SnapshotCreateFlag.ATOMIC, "live", SnapshotCreateFlag.LIVE,
        "validate", SnapshotCreateFlag.VALIDATE);

    @Override
    protected void run() throws Exception {
        String[] domain = {domainOption};
        String[] name = {nameOption};
        String[] desc = {descriptionOption};
        String[] memspec = {memspecOption};
        List<String> diskspecs = new ArrayList<>(diskspecOption);
        List<SnapshotCreateFlag> flags = new ArrayList<>();
        java.util.Map<String, java.util.function.Consumer<String>> valued = new java.util.HashMap<>();
        valued.put("domain", v -> domain[0] = v);
        valued.put("name", v -> name[0] = v);
        valued.put("description", v -> desc[0] = v);
        valued.put("memspec", v -> memspec[0] = v);
        valued.put("diskspec", diskspecs::add);
        java.util.Map<String, Runnable> bools = new java.util.HashMap<>();
        bools.put("print-xml", () -> printXml = true);
        FLAGS.forEach((k, f) -> bools.put(k, () -> flags.add(f)));
        List<String> rest = VirshWords.parse("snapshot-create-as", words, valued, bools);
        // positional order: domain, name, description, then the disk specs (virsh's ARGV)
        if (domain[0] == null && !rest.isEmpty()) {
            domain[0] = rest.remove(0);
        }
        if (name[0] == null && !rest.isEmpty()) {
            name[0] = rest.remove(0);
        }
        if (desc[0] == null && !rest.isEmpty()) {
            desc[0] = rest.remove(0);
        }
        diskspecs.addAll(rest);
        if (domain[0] == null) {
            throw failure("command 'snapshot-create-as' requires <domain> option");
        }
        Domain d = lookup(domain[0]);

        StringBuilder xml = new StringBuilder("<domainsnapshot>\n");
        if (name[0] != null) {
            xml.append("  <name>").append(XmlEscape.text(name[0])).append("</name>\n");
        }
        if (desc[0] != null) {
            xml.append("  <description>").append(XmlEscape.text(desc[0])).append("</description>\n");
        }
        if (memspec[0] != null) {
            xml.append("  ").append(memspec(memspec[0])).append('\n');
        }
        if (!diskspecs.isEmpty()) {
            xml.append("  <disks>\n");
            for (String spec : diskspecs) {
                xml.append(diskspec(spec));
            }
            xml.append("  </disks>\n");
        }
        xml.append("</domainsnapshot>\n");
        if (printXml) {
            out().println(xml);
            return;
        }
        DomainSnapshot s = d.snapshotCreateXml(xml.toString(), flags.toArray(SnapshotCreateFlag[]::new));
        out().println("Domain snapshot " + s.name() + " created");
    }

    /** virshParseSnapshotMemspec. */
    private static String memspec(String spec) throws Exception {
        String snapshot = null;
        String file = null;
        for (String p : VirshStrings.split(spec)) {
            if (snapshot == null && p.startsWith("snapshot=")) {
                snapshot = p.substring("snapshot=".length());
            } else if (file == null && p.startsWith("file=")) {
                file = p.substring("file=".length());
            } else if (file == null && p.startsWith("/")) {
                file = p;
            } else {
                throw failure("unable to parse memspec: " + spec);
            }
        }
        StringBuilder b = new StringBuilder("<memory");
        if (snapshot != null) {
            b.append(" snapshot='").append(XmlEscape.attribute(snapshot)).append('\'');
        }
        if (file != null) {
            b.append(" file='").append(XmlEscape.attribute(file)).append('\'');
        }
        return b.append("/>").toString();
    }

    /** virshParseSnapshotDiskspec, indented for its place in {@code <disks>}. */
    private static String diskspec(String spec) throws Exception {
        List<String> parts = VirshStrings.split(spec);
        if (parts.isEmpty()) {
            throw failure("unable to parse diskspec: " + spec);
        }
        String snapshot = null;
        String driver = null;
        String stype = null;
        String file = null;
        for (String p : parts.subList(1, parts.size())) {
            if (snapshot == null && p.startsWith("snapshot=")) {
                snapshot = p.substring(9);
            } else if (driver == null && p.startsWith("driver=")) {
                driver = p.substring(7);
            } else if (stype == null && p.startsWith("stype=")) {
                stype = p.substring(6);
            } else if (file == null && p.startsWith("file=")) {
                file = p.substring(5);
            } else {
                throw failure("unable to parse diskspec: " + spec);
            }
        }
        StringBuilder b = new StringBuilder("    <disk name='").append(XmlEscape.attribute(parts.get(0))).append('\'');
        if (snapshot != null) {
            b.append(" snapshot='").append(snapshot).append('\'');
        }
        boolean isFile = true;
        if (stype != null) {
            if (stype.equals("block")) {
                isFile = false;
            } else if (!stype.equals("file")) {
                throw failure("Unknown storage type: '" + stype + "'\nerror: unable to parse diskspec: " + spec);
            }
            b.append(" type='").append(stype).append('\'');
        }
        if (driver == null && file == null) {
            return b.append("/>\n").toString();
        }
        b.append(">\n");
        if (driver != null) {
            b.append("      <driver type='").append(driver).append("'/>\n");
        }
        if (file != null) {
            b.append("      <source ").append(isFile ? "file" : "dev").append("='").append(XmlEscape.attribute(file)).append("'/>\n");
        }
        return b.append("    </disk>\n").toString();
    }
}
