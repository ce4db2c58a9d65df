package io.jvirt.shell.command;

import java.util.Map;
import java.util.function.Consumer;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

import io.jvirt.shell.command.completers.UserFileCompleter;

/** Base of vol-upload and vol-download: the host file, --offset, --length (virsh's, unscaled) and --sparse. */
public abstract class VolumeTransferCommand extends VolumeArgPoolCommand {

    @Argument(index = 1, name = "file", description = "file", required = true)
    @Completion(UserFileCompleter.class)
    String file;
    @Option(name = "--offset", description = "volume offset")
    String offset;
    @Option(name = "--length", description = "amount of data")
    String length;
    @Option(name = "--sparse", description = "preserve sparseness of volume")
    boolean sparse;

    @Override
    protected void trailingOptions(Map<String, Consumer<String>> valued, Map<String, Runnable> flags) {
        valued.put("offset", v -> offset = v);
        valued.put("length", v -> length = v);
        flags.put("sparse", () -> sparse = true);
    }

    /** --offset as vshCommandOptULongLong reads it; 0 when absent. */
    protected long offset() throws Exception {
        parseTrailing();
        return offset == null ? 0 : StreamNumbers.unsigned(offset, "offset");
    }

    /** --length as vshCommandOptULongLongWrap reads it; 0 (to the end) when absent. */
    protected long length() throws Exception {
        parseTrailing();
        return length == null ? 0 : StreamNumbers.wrapping(length, "length");
    }
}
