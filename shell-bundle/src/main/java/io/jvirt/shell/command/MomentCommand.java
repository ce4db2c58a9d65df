package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.karaf.shell.api.action.Argument;

/**
 * Base of the checkpoint and snapshot commands on one domain: the checkpoint's or snapshot's name
 * as the second argument or as its option ({@link #nameOption}), and the command's options
 * anywhere among the words (virsh's parser).
 */
public abstract class MomentCommand extends DomainCommand {

    @Argument(index = 1, name = "name", description = "checkpoint or snapshot name, then options", multiValued = true)
    List<String> words = new ArrayList<>();

    /** virsh's option for the name: checkpointname, snapshotname, xmlfile, from. */
    protected abstract String nameOption();

    /** Reads the words: options into the maps' setters; returns the name or null. */
    protected String parseWords(Map<String, Consumer<String>> valued, Map<String, Runnable> flags) throws Exception {
        String[] name = {null};
        Map<String, Consumer<String>> all = new HashMap<>(valued);
        all.put(nameOption(), v -> name[0] = v);
        List<String> rest = VirshWords.parse(getClass().getAnnotation(org.apache.karaf.shell.api.action.Command.class).name(),
            words, all, flags);
        if (!rest.isEmpty() && name[0] == null) {
            name[0] = rest.remove(0);
        }
        if (!rest.isEmpty()) {
            throw failure("unexpected data '" + rest.get(0) + "'");
        }
        return name[0];
    }
}
