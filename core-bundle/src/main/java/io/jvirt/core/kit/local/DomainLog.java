package io.jvirt.core.kit.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.PrivateDirectory;

/**
 * A domain's log file as libvirt's process drivers keep it ({@code <logdir>/NAME.log}): root's
 * only (command lines may hold secrets), appended to by every start, each run's commands written
 * before they run; a failed start quotes what its programs wrote since the start began
 * ({@link #tailSince}).
 *
 * @since 1.2.0
 */
public final class DomainLog {

    /** The most a quoted tail holds: enough for a program's error, never a whole log in an error message. */
    public static final int TAIL_BYTES = 4096;

    private final Path file;
    private final ErrorDomain domain;

    private DomainLog(Path file, ErrorDomain domain) {
        this.file = file;
        this.domain = domain;
    }

    /**
     * Opens (creates) {@code file}, mode 0600, its directory private; a symlink in its place is
     * refused, so the log is never written through a link someone planted.
     */
    public static DomainLog open(Path file, ErrorDomain domain) {
        try {
            PrivateDirectory.ensure(file.getParent(), domain);
            if (Files.isSymbolicLink(file)) {
                throw new IOException("is a symbolic link");
            }
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, domain, "Failed to open '" + file + "': " + e.getMessage(), e);
        }
        return new DomainLog(file, domain);
    }

    public Path file() {
        return file;
    }

    /** The log's size now: where what follows begins. */
    public long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Appends a line (a header, a command line about to run). */
    public void line(String text) {
        append(text + "\n");
    }

    /** Appends the time and the command line about to run (libvirt's virCommandWriteArgLog). */
    public void command(List<String> argv) {
        line(Instant.now() + ": " + String.join(" ", argv));
    }

    /** Appends {@code text} as it is (a short command's output). */
    public void append(String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, domain, "cannot write to '" + file + "': " + e.getMessage(), e);
        }
    }

    /** What was written since {@code offset}, at most the last {@link #TAIL_BYTES}, blank lines dropped. */
    public String tailSince(long offset) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(Math.max(0, offset), f.length() - TAIL_BYTES);
            byte[] b = new byte[(int) Math.max(0, f.length() - from)];
            f.seek(from);
            f.readFully(b);
            StringBuilder out = new StringBuilder();
            for (String l : new String(b, StandardCharsets.UTF_8).split("\n")) {
                if (!l.isBlank()) {
                    out.append(out.length() > 0 ? "\n" : "").append(l.strip());
                }
            }
            return out.toString();
        } catch (IOException e) {
            return "";
        }
    }
}
