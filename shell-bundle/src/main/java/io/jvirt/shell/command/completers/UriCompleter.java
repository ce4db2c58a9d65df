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

/** Completes connection URIs: the default one and one per scheme of each installed driver. */
@Service
public class UriCompleter implements Completer {

    @Reference
    Connector connector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter uris = new StringsCompleter();
        uris.getStrings().add(connector.defaultUri());
        for (DriverInfo d : connector.drivers()) {
            for (String scheme : d.schemes()) {
                uris.getStrings().add(scheme + ":///");
            }
        }
        return uris.complete(session, commandLine, candidates);
    }
}
