package io.jvirt.shell.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolUploadFlag;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.StoragePoolCompleter;
import io.jvirt.shell.command.completers.UserFileCompleter;

/**
 * virsh's vol-upload: a host file's bytes into the volume through the API's stream, the file
 * opened as {@link VolumeDataFiles} allows (never on a read-only connection).
 */
@Command(scope = "virt", name = "vol-upload", description = "upload file contents to a volume")
@Service
public class VolUpload extends VolumeCommand {

    @Argument(index = 1, name = "file", description = "file", required = true)
    @Completion(UserFileCompleter.class)
    String file;
    @Argument(index = 2, name = "pool", description = "pool name or uuid", multiValued = true)
    @Completion(StoragePoolCompleter.class)
    java.util.List<String> rest = new java.util.ArrayList<>();
    @Option(name = "--offset", description = "volume offset to upload to")
    String offset;
    @Option(name = "--length", description = "amount of data to upload")
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
        // the file first (a read-only connection is refused before it is touched): a file that
        // cannot be read then starts no transfer, whose bytes would land in the volume
        try (InputStream in = VolumeDataFiles.openForUpload(connection(), file, vol)) {
            OutputStream stream;
            try {
                stream = sparse ? v.upload(off, len, StorageVolUploadFlag.SPARSE_STREAM) : v.upload(off, len);
            } catch (VirtException e) {
                throw failure("cannot upload to volume " + vol, e);
            }
            try {
                try {
                    in.transferTo(stream);
                } catch (IOException e) {
                    throw StreamNumbers.streamFailure("cannot send data to volume " + vol, e);
                }
                try {
                    stream.close();
                } catch (IOException e) {
                    throw StreamNumbers.streamFailure("cannot close volume " + vol, e);
                }
            } finally {
                StreamNumbers.closeQuietly(stream);
            }
        }
    }
}
