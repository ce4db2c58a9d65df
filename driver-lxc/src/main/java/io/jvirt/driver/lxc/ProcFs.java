package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Facts about host processes read from {@code /proc}. */
final class ProcFs {

    private static final Path PROC = Path.of("/proc");

    private ProcFs() {
    }

    /**
     * The start time of {@code pid} (field 22 of {@code /proc/PID/stat}, clock ticks since boot),
     * which tells our process from a later one that reuses its pid; empty when it does not exist.
     */
    static OptionalLong startTime(long pid) {
        String[] f = statFields(pid);
        if (f == null || f.length < 20) {
            return OptionalLong.empty();
        }
        // fields after ")" start at field 3 (state): field 22 is index 19
        return OptionalLong.of(Long.parseLong(f[19]));
    }

    /** The parent pid of {@code pid}, or -1. */
    static long parent(long pid) {
        String[] f = statFields(pid);
        return f == null || f.length < 2 ? -1 : Long.parseLong(f[1]);
    }

    /** Whether {@code pid} exists and is not a zombie. */
    static boolean alive(long pid) {
        String[] f = statFields(pid);
        return f != null && !"Z".equals(f[0]) && !"X".equals(f[0]);
    }

    /** Whether {@code pid} is alive and still started at {@code startTime}. */
    static boolean sameProcess(long pid, long startTime) {
        OptionalLong t = startTime(pid);
        return pid > 0 && alive(pid) && t.isPresent() && t.getAsLong() == startTime;
    }

    /**
     * The children of {@code pid}. Scans {@code /proc} because {@code /proc/PID/task/TID/children}
     * needs CONFIG_PROC_CHILDREN, which not every kernel has.
     */
    static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && Character.isDigit(n.charAt(0))) {
                    long child = Long.parseLong(n);
                    if (parent(child) == pid) {
                        out.add(child);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a process may vanish while we read it; what was found still counts
        }
        return out;
    }

    /** The target of {@code /proc/PID/ns/KIND} ("pid:[4026531836]"), or null. */
    static String namespace(long pid, String kind) {
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("ns").resolve(kind)).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code /proc/PID/cmdline} with NULs as they are, or null. */
    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** The fields of {@code /proc/PID/stat} after the command name: [0] state, [1] ppid, ... */
    private static String[] statFields(long pid) {
        try {
            String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            int close = s.lastIndexOf(')');
            return close < 0 ? null : s.substring(close + 1).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
