package io.jvirt.shell.command;

import java.io.IOException;
import java.io.InputStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolDownloadFlag;
import io.jvirt.api.VirtException;

/**
 * virsh's vol-download: the volume's bytes into a host file through the API's stream; a file this
 * command created is removed when the download fails. The stream is asked for first, so a
 * transfer the API refuses touches no file ({@link VolumeDataFiles}).
 */
@Command(scope = "virt", name = "vol-download", description = "download volume contents to a file")
@Service
public class VolDownload extends VolumeTransferCommand {

    @Override
    protected void run() throws Exception {
        long off = offset();
        long len = length();
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
