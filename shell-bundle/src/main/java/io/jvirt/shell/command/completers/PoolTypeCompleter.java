package io.jvirt.shell.command.completers;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.storage.StoragePoolType;

/** Completes storage pool types (virsh's virshPoolTypeCompleter: pool-list --type, pool-define-as). */
@Service
public class PoolTypeCompleter implements Completer {

    static List<String> names() {
        List<String> names = new ArrayList<>();
        for (StoragePoolType t : StoragePoolType.values()) {
            names.add(t.label());
        }
        return names;
    }

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(names()).complete(session, commandLine, candidates);
    }
}
