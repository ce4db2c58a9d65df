package io.jvirt.core.kit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A directory only this process's user can use, for sockets, pidfiles and other run-time files a
 * root daemon must not share (libvirt's {@code /run/libvirt/<driver>}, mode 0700). {@link #ensure}
 * creates it with mode 0700, or accepts an existing one only when it is a real directory (not a
 * symlink) owned by this user, whose mode it then sets to 0700; and it refuses a directory below a
 * parent that another user could rename it out of: every existing ancestor must be owned by root or
 * this user, and one that others may write to must be sticky (as /tmp is). Otherwise whoever made
 * the directory, or the symlink in its place, would choose where a root process puts its
 * monitor sockets, or could replace them.
 */
public final class PrivateDirectory {

    private static final int S_ISVTX = 01000;
    private static final int GROUP_OTHER_WRITE = 0022;

    private PrivateDirectory() {
    }

    /**
     * Makes {@code dir} (and its missing parents) or checks the existing one, as the class says.
     *
     * @return {@code dir}, absolute
     * @throws VirtException OPERATION_FAILED when an existing directory, symlink or ancestor is not
     *                       safe, SYSTEM_ERROR when it cannot be created or checked
     */
    public static Path ensure(Path dir, ErrorDomain domain) {
        Path d = dir.toAbsolutePath().normalize();
        try {
            int me = ownUid();
            checkAncestors(d.getParent(), me, domain);
            if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(d.getParent());
                checkAncestors(d.getParent(), me, domain); // what createDirectories made is ours
                try {
                    Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made meanwhile by someone: judged below like any existing one
                }
            }
            if (Files.isSymbolicLink(d) || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                throw unsafe(d, "it is " + (Files.isSymbolicLink(d) ? "a symbolic link" : "not a directory"), domain);
            }
            int owner = (Integer) Files.getAttribute(d, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != me) {
                throw unsafe(d, "it is owned by uid " + owner + ", not by this process (uid " + me + ")", domain);
            }
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            return d;
        } catch (IOException | UnsupportedOperationException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, domain, "cannot create the private directory " + d + ": " + e, e);
        }
    }

    /** Every existing ancestor: owned by root or us; writable by others only when sticky. */
    private static void checkAncestors(Path parent, int me, ErrorDomain domain) throws IOException {
        for (Path p = parent; p != null; p = p.getParent()) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            // a symlinked ancestor (/var/run -> /run) is judged by its target, which is what the path reaches
            Path real = p.toRealPath();
            int owner = (Integer) Files.getAttribute(real, "unix:uid");
            int mode = (Integer) Files.getAttribute(real, "unix:mode");
            if (owner != 0 && owner != me) {
                throw unsafe(parent, "its ancestor " + p + " is owned by uid " + owner, domain);
            }
            if ((mode & GROUP_OTHER_WRITE) != 0 && (mode & S_ISVTX) == 0) {
                throw unsafe(parent, "its ancestor " + p + " is writable by other users (mode "
                    + Integer.toOctalString(mode & 07777) + ") and not sticky", domain);
            }
        }
    }

    private static int ownUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static VirtException unsafe(Path dir, String why, ErrorDomain domain) {
        return new VirtException(ErrorCode.OPERATION_FAILED, domain,
            "refusing to use " + dir + " for run-time files: " + why);
    }
}
