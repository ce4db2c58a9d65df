package io.jvirt.driver.lxc;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The file of a {@code <console type='file'>}, opened by the driver (as root) for the container's
 * output without ever following a symbolic link: the file may lie where the container itself can
 * write (its root filesystem, a bind mount), and a container that replaced it, or a directory on
 * its path, by a link to /etc/shadow or /etc/cron.d must not make the host's root write there.
 *
 * <p>Every directory of the path must be one (no link anywhere: {@code toRealPath} gives the path
 * back), checked before and after the open; the file itself is opened with O_NOFOLLOW (a link is
 * ELOOP, nothing is created through it), O_RDWR (a FIFO put in its place does not block the open)
 * and must then be a regular file. The launcher receives it as {@code /proc/self/fd/N} of the
 * JVM's descriptor that refers to exactly the file now at that path, so the host's shell never
 * resolves the path itself. A file console is truncated here (when not appended), so the launcher
 * only ever appends.
 */
final class ConsoleFile implements Closeable {

    private final FileChannel channel;
    private final Path descriptor;

    private ConsoleFile(FileChannel channel, Path descriptor) {
        this.channel = channel;
        this.descriptor = descriptor;
    }

    /** Opens (creating it when absent) the console file at {@code path}; truncates it unless {@code append}. */
    static ConsoleFile open(String path, boolean append) {
        Path p = Path.of(path);
        if (!p.isAbsolute() || !p.normalize().equals(p) || p.getParent() == null) {
            throw failure(path, "the path must be absolute and normal");
        }
        checkDirectories(p);
        try {
            BasicFileAttributes before = attributes(p);
            if (before != null && !before.isRegularFile()) {
                throw failure(path, before.isSymbolicLink() ? "it is a symbolic link" : "it is not a regular file");
            }
        } catch (IOException e) {
            throw failure(path, e.toString());
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw failure(path, Files.isSymbolicLink(p) ? "it is a symbolic link" : e.toString());
        }
        try {
            checkDirectories(p);
            BasicFileAttributes now = attributes(p);
            if (now == null || !now.isRegularFile()) {
                throw failure(path, "it changed while it was opened");
            }
            Path fd = descriptorOf(now.fileKey());
            if (fd == null) {
                throw failure(path, "it changed while it was opened");
            }
            if (!append) {
                try (FileChannel t = FileChannel.open(fd, StandardOpenOption.WRITE)) {
                    t.truncate(0);
                }
            }
            return new ConsoleFile(ch, fd);
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e instanceof VirtException v ? v : failure(path, e.toString());
        }
    }

    /** Where the JVM's descriptor of the file is: what the launcher's output is redirected to. */
    Path descriptor() {
        return descriptor;
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    /** Every directory from the root to the file's parent is a directory, not a link to one. */
    private static void checkDirectories(Path p) {
        Path dir = p.getParent();
        try {
            if (!dir.toRealPath().equals(dir)) {
                throw failure(p.toString(), "a directory on its path is a symbolic link");
            }
        } catch (IOException e) {
            throw failure(p.toString(), "its directory cannot be resolved: " + e);
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /** A descriptor of this process whose file is {@code key} (device and inode). */
    private static Path descriptorOf(Object key) throws IOException {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    BasicFileAttributes a = Files.readAttributes(fd, BasicFileAttributes.class);
                    if (a.isRegularFile() && Objects.equals(a.fileKey(), key)) {
                        // /proc/self is the JVM's own: the process that opens this path for the launcher
                        return Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "fd").resolve(fd.getFileName());
                    }
                } catch (IOException e) {
                    // closed meanwhile, or not a file
                }
            }
        }
        return null;
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    private static VirtException failure(String path, String why) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC, "Unable to open console file '" + path + "': " + why);
    }
}
