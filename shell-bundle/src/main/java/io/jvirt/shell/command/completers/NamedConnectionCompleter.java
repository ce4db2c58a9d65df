package io.jvirt.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.NamedConnectionInfo;
import io.jvirt.api.NamedConnections;

/** Completes the names of the named connections ({@code etc/io.jvirt.connection-NAME.cfg}). */
@Service
public class NamedConnectionCompleter implements Completer {

    @Reference(optional = true)
    NamedConnections named;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        if (named != null) {
            for (NamedConnectionInfo c : named.list()) {
                names.getStrings().add(c.name());
            }
        }
        return names.complete(session, commandLine, candidates);
    }
}
