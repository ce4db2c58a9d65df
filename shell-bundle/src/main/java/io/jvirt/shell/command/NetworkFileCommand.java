package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

import io.jvirt.shell.command.completers.UserFileCompleter;

/** Base of net-define and net-create: an XML file named by the user, read with the connection's rights. */
public abstract class NetworkFileCommand extends VirtCommand {

    @Argument(index = 0, name = "file", description = "file containing an XML network description", required = true)
    @Completion(UserFileCompleter.class)
    protected String file;

    @Option(name = "--validate", description = "validate the XML against the schema")
    protected boolean validate;
}
