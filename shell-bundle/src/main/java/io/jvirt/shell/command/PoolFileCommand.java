package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.jvirt.shell.command.completers.UserFileCompleter;

/** Base of pool-define and pool-create: an XML file named by the user, read with the connection's rights. */
public abstract class PoolFileCommand extends VirtCommand {

    @Argument(index = 0, name = "file", description = "file containing an XML pool description", required = true)
    @Completion(UserFileCompleter.class)
    protected String file;
}
