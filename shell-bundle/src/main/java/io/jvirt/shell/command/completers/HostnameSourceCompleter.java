package io.jvirt.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the sources of {@code domhostname --source}: virsh's words. */
@Service
public class HostnameSourceCompleter implements Completer {

    static final List<String> SOURCES = List.of("agent", "lease");

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(SOURCES).complete(session, commandLine, candidates);
    }
}
