package io.jvirt.shell.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** Base of commands that read an XML file given as their argument (define, create, ...). */
public abstract class FileCommand extends VirtCommand {

    @Argument(index = 0, name = "file", description = "file containing an XML domain description", required = true)
    @Completion(FileCompleter.class)
    protected String file;

    /** The file's text; virsh's "error: Failed to read file 'x' to buffer" when it cannot be read. */
    protected String read() throws Exception {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw failure("Failed to read file '" + file + "' to buffer");
        }
    }
}
