package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.CheckpointCreateFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainCheckpoint;
import io.jvirt.api.domain.XmlEscape;

/**
 * virsh's checkpoint-create-as: a checkpoint's XML from a name, a description and disk specs
 * ({@code disk[,checkpoint=type][,bitmap=name]}), printed with --print-xml or created
 * ("Domain checkpoint NAME created").
 */
@Command(scope = "virt", name = "checkpoint-create-as", description = "Create a checkpoint from a set of args")
@Service
public class CheckpointCreateAs extends DomainCommand {

    @Option(name = "--print-xml", description = "print XML document rather than create")
    boolean printXml;
    @Option(name = "--quiesce", description = "quiesce guest's file systems")
    boolean quiesce;
    @Option(name = "--name", description = "name of checkpoint")
    String nameOption;
    @Option(name = "--description", description = "description of checkpoint")
    String descriptionOption;

    @Argument(index = 1, name = "name", description = "name, description, then disk specs", multiValued = true)
    List<String> words = new ArrayList<>();

    @Override
    protected void run() throws Exception {
        String[] name = {nameOption};
        String[] desc = {descriptionOption};
        List<String> diskspecs = new ArrayList<>();
        java.util.Map<String, java.util.function.Consumer<String>> valued = new java.util.HashMap<>();
        valued.put("name", v -> name[0] = v);
        valued.put("description", v -> desc[0] = v);
        valued.put("diskspec", diskspecs::add);
        java.util.Map<String, Runnable> flags = new java.util.HashMap<>();
        flags.put("print-xml", () -> printXml = true);
        flags.put("quiesce", () -> quiesce = true);
        List<String> rest = VirshWords.parse("checkpoint-create-as", words, valued, flags);
        if (!rest.isEmpty() && name[0] == null) {
            name[0] = rest.remove(0);
        }
        if (!rest.isEmpty() && desc[0] == null) {
            desc[0] = rest.remove(0);
        }
        diskspecs.addAll(rest);

        Domain d = lookup();
        StringBuilder xml = new StringBuilder("<domaincheckpoint>\n");
        if (name[0] != null) {
            xml.append("  <name>").append(XmlEscape.text(name[0])).append("</name>\n");
        }
        if (desc[0] != null) {
            xml.append("  <description>").append(XmlEscape.text(desc[0])).append("</description>\n");
        }
        if (!diskspecs.isEmpty()) {
            xml.append("  <disks>\n");
            for (String spec : diskspecs) {
                xml.append("    ").append(diskspec(spec)).append('\n');
            }
            xml.append("  </disks>\n");
        }
        xml.append("</domaincheckpoint>\n");
        if (printXml) {
            out().println(xml);
            return;
        }
        DomainCheckpoint c = quiesce ? d.checkpointCreateXml(xml.toString(), CheckpointCreateFlag.QUIESCE)
            : d.checkpointCreateXml(xml.toString());
        out().println("Domain checkpoint " + c.name() + " created");
    }

    /** virshParseCheckpointDiskspec: name, then checkpoint= and bitmap= (",," is a comma). */
    private static String diskspec(String spec) throws Exception {
        List<String> parts = VirshStrings.split(spec);
        if (parts.isEmpty()) {
            throw failure("unable to parse diskspec: " + spec);
        }
        String type = null;
        String bitmap = null;
        for (String p : parts.subList(1, parts.size())) {
            if (type == null && p.startsWith("checkpoint=")) {
                type = p.substring("checkpoint=".length());
            } else if (bitmap == null && p.startsWith("bitmap=")) {
                bitmap = p.substring("bitmap=".length());
            } else {
                throw failure("unable to parse diskspec: " + spec);
            }
        }
        StringBuilder b = new StringBuilder("<disk name='").append(XmlEscape.attribute(parts.get(0))).append('\'');
        if (type != null) {
            b.append(" checkpoint='").append(XmlEscape.attribute(type)).append('\'');
        }
        if (bitmap != null) {
            b.append(" bitmap='").append(XmlEscape.attribute(bitmap)).append('\'');
        }
        return b.append("/>").toString();
    }
}
