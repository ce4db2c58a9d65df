package io.jvirt.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.Connector;
import io.jvirt.api.DriverInfo;
import io.jvirt.api.NamedConnectionInfo;
import io.jvirt.api.NamedConnections;

/**
 * Completes connection URIs: the default one, one per scheme of each installed driver, and the
 * names of the named connections.
 */
@Service
public class UriCompleter implements Completer {

    @Reference
    Connector connector;

    @Reference(optional = true)
    NamedConnections named;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter uris = new StringsCompleter();
        uris.getStrings().add(connector.defaultUri());
        for (DriverInfo d : connector.drivers()) {
            for (String scheme : d.schemes()) {
                uris.getStrings().add(scheme + ":///");
            }
        }
        if (named != null) {
            for (NamedConnectionInfo c : named.list()) {
                uris.getStrings().add(c.name());
            }
        }
        return uris.complete(session, commandLine, candidates);
    }
}
