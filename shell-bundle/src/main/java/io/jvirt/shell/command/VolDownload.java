package io.jvirt.shell.command;

import java.io.IOException;
import java.io.InputStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolDownloadFlag;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.StoragePoolCompleter;
import io.jvirt.shell.command.completers.UserFileCompleter;

/**
 * virsh's vol-download: the volume's bytes into a host file through the API's stream; a file this
 * command created is removed when the download fails. The stream is asked for first, so a
 * transfer the API refuses touches no file ({@link VolumeDataFiles}).
 */
@Command(scope = "virt", name = "vol-download", description = "download volume contents to a file")
@Service
public class VolDownload extends VolumeCommand {

    @Argument(index = 1, name = "file", description = "file", required = true)
    @Completion(UserFileCompleter.class)
    String file;
    @Argument(index = 2, name = "pool", description = "pool name or uuid", multiValued = true)
    @Completion(StoragePoolCompleter.class)
    java.util.List<String> rest = new java.util.ArrayList<>();
    @Option(name = "--offset", description = "volume offset to download from")
    String offset;
    @Option(name = "--length", description = "amount of data to download")
    String length;
    @Option(name = "--sparse", description = "preserve sparseness of volume")
    boolean sparse;

    @Override
    protected java.util.List<String> trailing() {
        return rest;
    }

    @Override
    protected void trailingOptions(java.util.Map<String, java.util.function.Consumer<String>> valued,
                                   java.util.Map<String, Runnable> flags) {
        valued.put("offset", v -> offset = v);
        valued.put("length", v -> length = v);
        flags.put("sparse", () -> sparse = true);
    }

    @Override
    protected void run() throws Exception {
        parseTrailing();
        long off = offset == null ? 0 : StreamNumbers.unsigned(offset, "offset");
        long len = length == null ? 0 : StreamNumbers.wrapping(length, "length");
        StorageVol v = lookupVol();
        InputStream stream;
        try {
            stream = sparse ? v.download(off, len, StorageVolDownloadFlag.SPARSE_STREAM) : v.download(off, len);
        } catch (VirtException e) {
            throw failure("cannot download from volume " + vol, e);
        }
        try {
            VolumeDataFiles.Target target = VolumeDataFiles.openForDownload(connection(), file);
            boolean done = false;
            try {
                try {
                    stream.transferTo(target.out());
                } catch (IOException e) {
                    throw StreamNumbers.streamFailure("cannot receive data from volume " + vol, e);
                }
                try {
                    target.out().close();
                } catch (IOException e) {
                    throw failure("cannot close file " + file);
                }
                try {
                    stream.close();
                } catch (IOException e) {
                    throw StreamNumbers.streamFailure("cannot close volume " + vol, e);
                }
                done = true;
            } finally {
                StreamNumbers.closeQuietly(target.out());
                if (!done) {
                    target.discard();
                }
            }
        } finally {
            StreamNumbers.closeQuietly(stream);
        }
    }
}
