package io.jvirt.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.VirtException;

/** Completes domain names of the session's connection. */
@Service
public class DomainCompleter implements Completer {

    /** Same key as the commands use for the session's connection. */
    static final String SESSION_CONNECTION = "io.jvirt.shell.connection";

    @Reference
    Connector connector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        try {
            Connection c = (Connection) session.get(SESSION_CONNECTION);
            if (c == null || !c.isAlive()) {
                c = connector.open(null);
                session.put(SESSION_CONNECTION, c);
            }
            for (Domain d : c.listAllDomains()) {
                names.getStrings().add(d.name());
            }
        } catch (VirtException e) {
            // no completion when there is no connection
        }
        return names.complete(session, commandLine, candidates);
    }
}
