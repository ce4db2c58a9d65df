package io.jvirt.shell.command.completers;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.StorageVolWipeAlgorithm;

/** Completes vol-wipe's algorithms (virshStorageVolWipeAlgorithmCompleter). */
@Service
public class WipeAlgorithmCompleter implements Completer {

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (StorageVolWipeAlgorithm a : StorageVolWipeAlgorithm.values()) {
            names.add(a.label());
        }
        return names;
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names()).complete(session, commandLine, candidates);
    }
}
