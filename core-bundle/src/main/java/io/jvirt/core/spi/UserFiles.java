package io.jvirt.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The files a connection's user may make jvirt read: a definition to define, a native configuration
 * to convert, a test driver node file. jvirt runs as root, so a path a user names is read with the
 * permissions that user should have, not root's:
 *
 * <ul>
 * <li>{@link #ANY}: a read-write connection (its user may change the host through jvirt anyway)
 *     reads any regular file the process can read;</li>
 * <li>{@link #under(Path)}: a read-only connection reads only regular files inside one directory
 *     the administrator configured (PID {@code io.jvirt.core}, {@code readonly.files.dir}), however
 *     the path is spelled (".." and symbolic links are resolved before the check, in the path and
 *     in the directory's own name);</li>
 * <li>{@link #NONE}: a read-only connection when no directory is configured reads no file at all.</li>
 * </ul>
 *
 * <p>Whatever the rule, only regular files are read (no devices, FIFOs or /proc streams that never
 * end), at most {@link #MAX_BYTES}, as UTF-8. Errors name the file as the user spelled it and never
 * quote its content. A path outside the allowed directory is refused the same way whether or not
 * the file exists, so a refusal tells nothing about the files outside.
 */
public final class UserFiles {

    /** Largest file read (libvirt's limit on an XML document is 10 MiB). */
    public static final int MAX_BYTES = 10 * 1024 * 1024;

    /** Any regular file the process can read (read-write connections). */
    public static final UserFiles ANY = new UserFiles(null, null, true);
    /** No file at all (read-only connections when no directory is configured). */
    public static final UserFiles NONE = new UserFiles(null, null, false);

    /** The directory files must be in (its real path), or null for {@link #ANY} and {@link #NONE}. */
    private final Path dir;
    /** The same directory as configured (absolute, normalized, links not resolved), or null. */
    private final Path spelled;
    private final boolean any;

    private UserFiles(Path dir, Path spelled, boolean any) {
        this.dir = dir;
        this.spelled = spelled;
        this.any = any;
    }

    /** Regular files inside {@code dir} only; {@link #NONE} when {@code dir} does not exist. */
    public static UserFiles under(Path dir) {
        try {
            Path abs = dir.toAbsolutePath();
            return new UserFiles(abs.toRealPath(), abs.normalize(), false);
        } catch (IOException | InvalidPathException e) {
            return NONE;
        }
    }

    /** The rule for a connection: {@link #ANY} when it may write, else {@code readOnlyFiles}. */
    public static UserFiles forConnection(boolean readOnly, UserFiles readOnlyFiles) {
        return readOnly ? (readOnlyFiles == null ? NONE : readOnlyFiles) : ANY;
    }

    /** The directory a read-only user's files must be in, or null when there is none or no limit. */
    public Path directory() {
        return dir;
    }

    /** Whether this rule lets every readable file through. */
    public boolean unrestricted() {
        return any;
    }

    /**
     * The path a user named, resolved against {@code base} when relative (a node file's
     * {@code <domain file='x'/>}), checked against the rule, with symbolic links resolved.
     *
     * @param base the directory relative paths start from, or null for the process's directory
     * @throws VirtException OPERATION_DENIED when the rule does not allow it, SYSTEM_ERROR when it
     *                       does not exist or cannot be reached
     */
    public Path resolve(String path, Path base) {
        if (path == null || path.isEmpty() || path.indexOf('\0') >= 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "invalid file name");
        }
        Path p;
        try {
            p = base == null ? Path.of(path) : base.resolve(path);
        } catch (InvalidPathException e) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "invalid file name '" + path + "'");
        }
        p = p.toAbsolutePath().normalize();
        if (!any && dir == null) {
            throw denied(path);
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (NoSuchFileException e) {
            // outside the directory a missing file is refused like an existing one: no answer tells which
            throw any || spelledInside(p) ? openFailed(path, "No such file or directory") : denied(path);
        } catch (AccessDeniedException e) {
            throw any || spelledInside(p) ? openFailed(path, "Permission denied") : denied(path);
        } catch (IOException e) {
            throw any || spelledInside(p) ? openFailed(path, "cannot be reached") : denied(path);
        }
        if (!any && !real.startsWith(dir)) {
            // outside, however it was spelled: a symbolic link or ".." leading out included
            throw denied(path);
        }
        return real;
    }

    /**
     * The text of the file a user named ({@link #resolve} with no base).
     *
     * @throws VirtException OPERATION_DENIED, SYSTEM_ERROR as {@link #resolve}; SYSTEM_ERROR
     *                       "Failed to read file 'x': ..." for a file that is not a regular file,
     *                       too large or not UTF-8 text
     */
    public String read(String path) {
        return read(path, null);
    }

    /** The text of the file a user named, relative paths taken from {@code base}. */
    public String read(String path, Path base) {
        Path real = resolve(path, base);
        try {
            // asked before opening: opening a FIFO for reading would wait for a writer
            BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw readFailed(path, "not a regular file");
            }
            if (a.size() > MAX_BYTES) {
                throw readFailed(path, "larger than " + MAX_BYTES + " bytes");
            }
            byte[] bytes;
            // NOFOLLOW_LINKS: a link swapped in for the resolved name since is not followed
            try (InputStream in = Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw readFailed(path, "larger than " + MAX_BYTES + " bytes");
            }
            return decode(path, bytes);
        } catch (NoSuchFileException e) {
            throw openFailed(path, "No such file or directory");
        } catch (AccessDeniedException e) {
            throw openFailed(path, "Permission denied");
        } catch (IOException e) {
            // the OS's reason only (the exception's text could name other paths); never the content
            throw readFailed(path, e.getClass().getSimpleName());
        }
    }

    /** Whether a path that does not resolve is, as written, inside the directory (by either of its names). */
    private boolean spelledInside(Path p) {
        return p.startsWith(spelled) || p.startsWith(dir);
    }

    private static String decode(String path, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw readFailed(path, "not UTF-8 text");
        }
    }

    private VirtException denied(String path) {
        String where = dir == null ? "no directory is configured for read-only connections (readonly.files.dir)"
            : "read-only connections may read files under " + dir + " only";
        return new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.NONE, "cannot read '" + path + "': " + where);
    }

    private static VirtException openFailed(String path, String why) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NONE, "Failed to open file '" + path + "': " + why);
    }

    private static VirtException readFailed(String path, String why) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.NONE, "Failed to read file '" + path + "': " + why);
    }

    @Override
    public String toString() {
        return any ? "UserFiles[any]" : dir == null ? "UserFiles[none]" : "UserFiles[under " + dir + "]";
    }
}
