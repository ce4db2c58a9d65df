package io.jvirt.shell.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolUploadFlag;
import io.jvirt.api.VirtException;

/**
 * virsh's vol-upload: a host file's bytes into the volume through the API's stream, the file
 * opened as {@link VolumeDataFiles} allows (never on a read-only connection).
 */
@Command(scope = "virt", name = "vol-upload", description = "upload file contents to a volume")
@Service
public class VolUpload extends VolumeTransferCommand {

    @Override
    protected void run() throws Exception {
        long off = offset();
        long len = length();
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
