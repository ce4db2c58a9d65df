package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.karaf.shell.api.action.Argument;

/**
 * Base of the checkpoint commands on one domain: the checkpoint's name as the second argument or
 * --checkpointname, and the command's options anywhere among the words (virsh's parser).
 */
public abstract class CheckpointCommand extends DomainCommand {

    @Argument(index = 1, name = "checkpointname", description = "checkpoint name, then options", multiValued = true)
    List<String> words = new ArrayList<>();

    /** Reads the words: options into the maps' setters; returns the checkpoint's name or null. */
    protected String parseWords(Map<String, Consumer<String>> valued, Map<String, Runnable> flags) throws Exception {
        String[] name = {null};
        Map<String, Consumer<String>> all = new HashMap<>(valued);
        all.put("checkpointname", v -> name[0] = v);
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
