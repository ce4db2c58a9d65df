package io.jvirt.shell.command.completers;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.jvirt.api.ListFilter;

/** Completes the names of the inactive domains, whatever the command. */
@Service
public class InactiveDomainCompleter extends DomainCompleter {

    @Override
    protected ListFilter[] filters(CommandLine commandLine) {
        return new ListFilter[] {ListFilter.INACTIVE};
    }
}
