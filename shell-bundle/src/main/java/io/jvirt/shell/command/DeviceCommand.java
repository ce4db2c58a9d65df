package io.jvirt.shell.command;

import java.util.ArrayList;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

import io.jvirt.api.Domain;
import io.jvirt.api.ModificationImpact;
import io.jvirt.shell.command.completers.UserFileCompleter;

/** Base of attach-device and detach-device: a domain, a device XML file and where the change applies. */
public abstract class DeviceCommand extends ImpactCommand {

    @Argument(index = 1, name = "file", description = "XML file", required = true)
    @Completion(UserFileCompleter.class)
    protected String file;
    @Argument(index = 2, name = "options", description = "the command's options may also follow its arguments, as in virsh",
        multiValued = true)
    List<String> trailing = new ArrayList<>();
    @Option(name = "--persistent", description = "make live change persistent")
    boolean persistent;

    /** Runs the change; "Failed to VERB device from FILE" and libvirt's error when it fails. */
    protected void change(String verb, DeviceChange change) throws Exception {
        exclusive(persistent, "persistent", current, "current");
        List<ModificationImpact> flags = impact(current, live, config || persistent);
        Domain d = lookup();
        if (persistent && d.isActive()) {
            flags.add(ModificationImpact.LIVE);
        }
        String xml = readFile(file);
        act(d, "Failed to " + verb + " device from " + file,
            x -> change.apply(x, xml, flags.toArray(new ModificationImpact[0])));
    }

    @FunctionalInterface
    protected interface DeviceChange {
        void apply(Domain d, String xml, ModificationImpact[] flags);
    }

    @Override
    protected void prepare() throws Exception {
        readTrailingOptions(trailing);
    }
}
