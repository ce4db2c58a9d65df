package io.jvirt.driver.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * libvirt's {@code <permissions>} of a pool's or volume's target: mode, owner, group; -1 for each
 * one the XML leaves out (libvirt then keeps the default mode and the creator's ids).
 *
 * @param mode  the permission bits (0..0777), or -1
 * @param owner the owner's uid, or -1
 * @param group the group's gid, or -1
 */
record Permissions(int mode, long owner, long group) {

    /** Nothing requested. */
    static final Permissions UNSET = new Permissions(-1, -1, -1);

    Permissions {
        if (mode < -1 || mode > 0777) {
            // set-id and sticky bits are refused: a volume made set-uid root by an XML would be a gift
            throw new IllegalArgumentException("mode out of range 0..0777: " + Integer.toOctalString(mode));
        }
        if (owner < -1 || owner > 0xFFFF_FFFEL || group < -1 || group > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("owner/group out of range");
        }
    }

    /** The mode to use: this one, or {@code fallback} when unset. */
    int modeOr(int fallback) {
        return mode == -1 ? fallback : mode;
    }

    /** {@code mode} as Java's permission set (the 9 rwx bits). */
    static Set<PosixFilePermission> toSet(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    /** The mode bits of {@code path} (not following a final symlink). */
    static int modeOf(Path path) throws IOException {
        return ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    }

    /**
     * Applies this owner/group (where set) and {@code mode} exactly (umask does not apply) to
     * {@code path}, never following a final symlink.
     */
    void apply(Path path, int mode) throws IOException {
        applyOwner(path);
        // after chown: chown clears set-id bits, and the mode is what the XML asked for
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .setPermissions(toSet(mode));
    }

    /** Applies the owner and group where set, never following a final symlink. */
    void applyOwner(Path path) throws IOException {
        if (owner != -1) {
            Files.setAttribute(path, "unix:uid", (int) owner, LinkOption.NOFOLLOW_LINKS);
        }
        if (group != -1) {
            Files.setAttribute(path, "unix:gid", (int) group, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
