package io.jvirt.shell.command.completers;

import java.util.Collection;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.SessionConnection;

/**
 * The base of the completers whose words come from the session's connection (virsh's completers
 * over the virConnect and virNode calls): no connection, or a driver without the call, offers
 * nothing; the words found before a failure are offered.
 */
public abstract class ConnectionCompleter implements Completer {

    @Reference
    Connector connector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter words = new StringsCompleter();
        try {
            words(SessionConnection.get(session, connector), commandLine, words.getStrings());
        } catch (VirtException e) {
            // no connection, or nothing this driver lists: the candidates found so far, if any
        }
        return words.complete(session, commandLine, candidates);
    }

    /** Adds the words to offer for {@code commandLine} from {@code c} to {@code out}. */
    protected abstract void words(Connection c, CommandLine commandLine, Collection<String> out);
}
