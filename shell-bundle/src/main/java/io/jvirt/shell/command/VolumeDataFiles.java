package io.jvirt.shell.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The host files vol-upload reads and vol-download writes. jvirt runs as root and the path is a
 * user's input, so: only on a read-write connection (whose user may change the host through jvirt
 * anyway; a read-only one, a viewer's always, touches no file at all), only regular files, and
 * never through a symbolic link in the last component (O_NOFOLLOW), so that a link planted in a
 * writable directory cannot make jvirt read or overwrite another file. The commands ask the
 * volume's stream of the API first, so a refused transfer touches no file either.
 */
final class VolumeDataFiles {

    private VolumeDataFiles() {
    }

    /** The user's file to upload from; virsh's "cannot read FILE" when it cannot be. */
    static InputStream openForUpload(Connection conn, String file, String vol) throws CommandException {
        refuseReadOnly(conn, "cannot upload to volume " + vol, "virStorageVolUpload");
        try {
            Path p = Path.of(file);
            if (!regular(p)) {
                throw VirtCommand.failure("cannot read " + file);
            }
            return Channels.newInputStream(Files.newByteChannel(p,
                Set.<OpenOption>of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
        } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
            throw VirtCommand.failure("cannot read " + file);
        }
    }

    /** An opened download target, and whether this command created it (virsh then removes it on failure). */
    record Target(OutputStream out, Path path, boolean created) {
        /** Removes the file when this command created it (a failed download leaves nothing behind). */
        void discard() {
            if (created) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // nothing more to do: the failure being reported says what went wrong
                }
            }
        }
    }

    /**
     * The user's file to download into: created (mode 0666 less the umask, as virsh's open), or an
     * existing regular file truncated; virsh's "cannot create FILE" otherwise.
     */
    static Target openForDownload(Connection conn, String file) throws CommandException {
        refuseReadOnly(conn, null, "virStorageVolDownload");
        Path p;
        try {
            p = Path.of(file);
        } catch (InvalidPathException e) {
            throw VirtCommand.failure("cannot create " + file);
        }
        try {
            return new Target(Channels.newOutputStream(Files.newByteChannel(p, Set.<OpenOption>of(
                StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS))), p, true);
        } catch (FileAlreadyExistsException e) {
            // exists: virsh truncates it, here only when it is a regular file and not a link
        } catch (IOException | UnsupportedOperationException e) {
            throw VirtCommand.failure("cannot create " + file);
        }
        try {
            if (!regular(p)) {
                throw VirtCommand.failure("cannot create " + file);
            }
            return new Target(Channels.newOutputStream(Files.newByteChannel(p, Set.<OpenOption>of(
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS))), p, false);
        } catch (IOException | UnsupportedOperationException e) {
            throw VirtCommand.failure("cannot create " + file);
        }
    }

    private static boolean regular(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
    }

    /**
     * libvirt's refusal of the transfer on a read-only connection ("read only access prevents
     * virStorageVolUpload"), before any file is touched, under virsh's line {@code context}.
     */
    private static void refuseReadOnly(Connection conn, String context, String function) throws CommandException {
        if (conn.isReadOnly()) {
            throw VirtCommand.failure(context, new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.NONE,
                "read only access prevents " + function));
        }
    }
}
