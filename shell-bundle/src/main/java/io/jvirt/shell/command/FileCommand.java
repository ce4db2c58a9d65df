package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.jvirt.shell.command.completers.UserFileCompleter;

/** Base of commands that read an XML file given as their argument (define, create, ...). */
public abstract class FileCommand extends VirtCommand {

    @Argument(index = 0, name = "file", description = "file containing an XML domain description", required = true)
    @Completion(UserFileCompleter.class)
    protected String file;

    /** The file's text, or libvirt's "Failed to open file 'x': ..." error. */
    protected String read() throws Exception {
        return readFile(file);
    }
}
