package io.jvirt.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.jvirt.shell.command.ConsoleUser;

/**
 * Completes the name of a file the user gives a command (a definition, a native configuration):
 * Karaf's file completion for users with the write role, nothing for the others. jvirt runs as root,
 * so completing paths would list any host directory to a viewer, who may read only the files of the
 * directory configured for read-only connections anyway.
 */
@Service
public class UserFileCompleter implements Completer {

    private final FileCompleter files = new FileCompleter();

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        if (ConsoleUser.mayWrite()) {
            files.completeCandidates(session, commandLine, candidates);
        }
    }

    /** Karaf's console completes through {@link #completeCandidates}, as Karaf's own file completer. */
    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return -1;
    }
}
