package io.jvirt.driver.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mounts this process sees (libvirt reads _PATH_MOUNTED with getmntent_r; /etc/mtab is a link
 * to /proc/self/mounts on Linux, read here directly so the table is the one of this process's
 * mount namespace, where its mount and umount act).
 *
 * <p>A mounted regular file shows as the loop device mount attached to it: {@link #sameSource}
 * follows /dev/loopN to its backing file (sysfs), so an fs pool whose device is an image file is
 * seen as mounted. libvirt compares the names only and so misses such a mount (its stop then
 * leaves the file mounted).
 */
final class MountTable {

    /** One line of the table: what is mounted ({@code fsname}) where ({@code dir}). */
    record Mount(String fsname, String dir) {
    }

    private static final Pattern LOOP = Pattern.compile("/dev/loop([0-9]{1,6})");
    /** What the kernel appends to a loop device's backing file name once the file was unlinked. */
    private static final String DELETED = " (deleted)";

    private final Path table;
    private final Path sysBlock;

    MountTable() {
        this(Path.of("/proc/self/mounts"), Path.of("/sys/block"));
    }

    MountTable(Path table, Path sysBlock) {
        this.table = table;
        this.sysBlock = sysBlock;
    }

    /** The mounts in table order (the last one on a directory is the one on top). */
    List<Mount> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw StorageErrors.system("cannot read mount list '" + table + "'", e);
        }
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            if (f.length >= 2) {
                mounts.add(new Mount(unescape(f[0]), unescape(f[1])));
            }
        }
        return mounts;
    }

    /** The mount on top of {@code dir} (compared as libvirt's virFileComparePaths), or null. */
    Mount on(Path dir) {
        Mount top = null;
        for (Mount m : read()) {
            if (samePath(m.dir(), dir.toString())) {
                top = m;
            }
        }
        return top;
    }

    /** Every mount of {@code source} (a device or an image file), wherever it is. */
    List<Mount> of(String source) {
        List<Mount> found = new ArrayList<>();
        for (Mount m : read()) {
            if (sameSource(m.fsname(), source)) {
                found.add(m);
            }
        }
        return found;
    }

    /**
     * Whether a table entry's fsname is {@code source}: the same path once links are resolved, or
     * a loop device whose backing file (from offset 0) is {@code source}.
     */
    boolean sameSource(String fsname, String source) {
        if (samePath(fsname, source)) {
            return true;
        }
        Matcher loop = LOOP.matcher(fsname);
        if (!loop.matches()) {
            return false;
        }
        Path dev = sysBlock.resolve("loop" + loop.group(1)).resolve("loop");
        try {
            String backing = Files.readString(dev.resolve("backing_file"), StandardCharsets.UTF_8).strip();
            String offset = Files.readString(dev.resolve("offset"), StandardCharsets.UTF_8).strip();
            if (backing.endsWith(DELETED) || !"0".equals(offset)) {
                return false;
            }
            return samePath(backing, source);
        } catch (IOException e) {
            return false; // not attached (any more)
        }
    }

    /** libvirt's virFileComparePaths: both resolved when they can be, else compared as written. */
    static boolean samePath(String a, String b) {
        return resolved(a).equals(resolved(b));
    }

    private static String resolved(String p) {
        try {
            return Path.of(p).toRealPath().toString();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return p; // "proc", "cgroup", a device that is gone: compared as text
        }
    }

    /** getmntent's decoding: \040 (space), \011 (tab), \012 (newline), \134 (backslash). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
