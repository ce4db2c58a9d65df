package io.jvirt.core.kit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Crash-safe file replacement (libvirt's {@code virFileRewrite}) and the housekeeping around it.
 *
 * <p>A write goes to a temp file in the target's own directory (so the rename cannot cross file
 * systems), is forced to disk, renamed over the target atomically, and then the directory itself
 * is forced so that the rename survives a power loss. A crash at any point leaves either the old
 * file or the new one, plus at worst a temp file that {@link #removeTempFiles} deletes later.
 *
 * <p>Temp files are named {@code .<target>.<random>.tmp}: domain names never start with a dot, so
 * a temp file can never be mistaken for, or collide with, a real state file.
 */
public final class AtomicFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);
    static final String TEMP_SUFFIX = ".tmp";
    private static final DateTimeFormatter STAMP =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    /** A step between the temp write and the rename; tests use it to simulate failures and crashes. */
    @FunctionalInterface
    interface BeforeRename {
        void run(Path temp) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code data}, durably.
     *
     * @throws VirtException WRITE_FAILED when any step fails; the previous file is then intact
     */
    static void write(Path target, byte[] data, BeforeRename beforeRename) {
        write(target, data, beforeRename, true);
    }

    /**
     * Replaces {@code target} with {@code data} atomically, for a driver's own state files beside
     * the {@link StateStore}'s (a reader sees the old or the new content, never a part); with
     * {@code durable} also forced to disk (file and directory), so that the replacement survives a
     * power loss, not just a crash of the process. The directory is created when missing.
     *
     * @throws VirtException WRITE_FAILED when any step fails; the previous file is then intact
     */
    public static void write(Path target, byte[] data, boolean durable) {
        write(target, data, t -> { }, durable);
    }

    static void write(Path target, byte[] data, BeforeRename beforeRename, boolean durable) {
        Path dir = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            // createTempFile makes the file 0600 on POSIX: definitions may hold secrets
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            beforeRename.run(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            if (durable) {
                fsyncDirectory(dir);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw new VirtException(ErrorCode.WRITE_FAILED, ErrorDomain.CONF, target + ": " + describe(e), e);
        }
    }

    /** Deletes {@code file} if present and forces the directory, so the removal is durable too. */
    static void delete(Path file) {
        delete(file, true);
    }

    /** Deletes {@code file} if present; with {@code durable} the removal survives a power loss. */
    static void delete(Path file, boolean durable) {
        try {
            if (Files.deleteIfExists(file) && durable) {
                fsyncDirectory(file.getParent());
            }
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.CONF,
                "cannot remove file '" + file + "': " + describe(e), e);
        }
    }

    /**
     * Forces a directory's entries to disk. Some platforms (Windows) cannot open a directory as a
     * channel; there a rename is as durable as the file system makes it and we go on.
     */
    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /** Deletes the temp files a crash left in {@code dir}; never touches any other file. */
    static void removeTempFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*" + TEMP_SUFFIX)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    LOG.info("removing {} left by an interrupted write", f);
                    deleteQuietly(f);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {} for temp files: {}", dir, e.toString());
        }
    }

    /**
     * Moves a file that cannot be loaded aside to {@code <file>.corrupt-<UTC timestamp>}, where no
     * loader looks, and logs it as an ERROR. Never deletes: the file may be the only copy of a
     * definition someone wants back.
     *
     * @return the new path, or null when even the move failed (the file stays and is skipped)
     */
    static Path quarantine(Path file, String why) {
        String base = file.getFileName() + ".corrupt-" + STAMP.format(Instant.now());
        for (int i = 0; i < 100; i++) {
            Path aside = file.resolveSibling(i == 0 ? base : base + "-" + i);
            if (Files.exists(aside, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                // no ATOMIC_MOVE: on POSIX it would silently replace an earlier quarantined file;
                // a plain move within one directory is a rename all the same
                Files.move(file, aside);
                fsyncDirectory(file.getParent());
                LOG.error("cannot load {} ({}); moved it aside to {}", file, why, aside.getFileName());
                return aside;
            } catch (FileAlreadyExistsException e) {
                // created between the check and the move: try the next suffix
            } catch (IOException e) {
                LOG.error("cannot load {} ({}) and cannot move it aside: {}; skipping it", file, why, e.toString());
                return null;
            }
        }
        LOG.error("cannot load {} ({}) and found no free name to move it aside; skipping it", file, why);
        return null;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /**
     * Removes a file if it is there, logging (never throwing) a failure: for run-time files on
     * paths whose own error matters (a failed start, a stop).
     *
     * @since 1.1.0
     */
    public static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", p, e.toString());
        }
    }
}
