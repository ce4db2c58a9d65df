package io.jvirt.core.kit.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host processes as Linux's {@code /proc} shows them, the one reader every local driver uses: a
 * process is known by its pid <em>and</em> its start time (field 22 of {@code /proc/PID/stat}),
 * because the kernel hands a pid to another process once the first has gone, and a driver that
 * signals by pid alone may kill a stranger. Nothing here signals a process whose start time differs
 * from the one the caller recorded.
 *
 * <p>Every reader returns "gone" (empty, -1, false) rather than throwing: a process may vanish
 * between two reads.
 */
public final class HostProcFs {

    /** USER_HZ, the unit of the times in /proc/PID/stat: 100 on every Linux architecture jvirt runs on. */
    public static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final Logger LOG = LoggerFactory.getLogger(HostProcFs.class);
    private static final Path PROC = Path.of("/proc");

    private HostProcFs() {
    }

    /**
     * The fields of {@code /proc/PID/stat} after the command name: [0] state (field 3), [1] ppid,
     * ... [19] start time (field 22); null when the process does not exist. The name may hold
     * blanks and parentheses, so the fields start after its last ')'.
     */
    private static String[] statFields(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            int close = s.lastIndexOf(')');
            return close < 0 ? null : s.substring(close + 1).trim().split(" +");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean running(String[] f) {
        return f != null && f.length > 0 && !"Z".equals(f[0]) && !"X".equals(f[0]);
    }

    /** Whether {@code pid} exists and is not a zombie. */
    public static boolean isRunning(long pid) {
        return running(statFields(pid));
    }

    /** The start time of a running (not zombie) {@code pid}, in clock ticks after boot; empty when it is gone. */
    public static OptionalLong startTime(long pid) {
        String[] f = statFields(pid);
        if (!running(f) || f.length < 20) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(f[19]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Whether {@code pid} runs and is the process that started at {@code startTime}; a negative
     * {@code startTime} stands for "not recorded" and accepts any running process with the pid.
     */
    public static boolean sameProcess(long pid, long startTime) {
        OptionalLong st = startTime(pid);
        return st.isPresent() && (startTime < 0 || st.getAsLong() == startTime);
    }

    /** The parent pid of {@code pid}, or -1. */
    public static long parent(long pid) {
        String[] f = statFields(pid);
        try {
            return f == null || f.length < 2 ? -1 : Long.parseLong(f[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The children of {@code pid}. Scans {@code /proc}, because {@code /proc/PID/task/TID/children}
     * needs CONFIG_PROC_CHILDREN, which not every kernel has.
     */
    public static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path p : ds) {
                long child = Long.parseLong(p.getFileName().toString());
                if (parent(child) == pid) {
                    out.add(child);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a process may vanish while we read it; what was found still counts
        }
        return out;
    }

    /** Every pid in {@code /proc} now (to look for a process by its command line). */
    public static List<Long> pids() {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path p : ds) {
                out.add(Long.parseLong(p.getFileName().toString()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot list /proc: {}", e.toString());
        }
        return out;
    }

    /** The process's arguments ({@code /proc/PID/cmdline}), empty when it is gone (or a kernel thread). */
    public static List<String> cmdline(long pid) {
        byte[] b;
        try {
            b = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < b.length) {
            out.add(new String(b, start, b.length - start, StandardCharsets.UTF_8)); // a process may rewrite it unterminated
        }
        return out;
    }

    /** The target of {@code /proc/PID/ns/KIND} ("pid:[4026531836]"), or null. */
    public static String namespace(long pid, String kind) {
        try {
            return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("ns").resolve(kind)).toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** User plus system CPU time of the process in nanoseconds (fields 14 and 15), 0 when it is gone. */
    public static long cpuTimeNs(long pid) {
        String[] f = statFields(pid);
        if (f == null || f.length < 13) {
            return 0;
        }
        try {
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Waits up to {@code millis} for the process to be gone (or another one); true when it is. */
    public static boolean waitForExit(long pid, long startTime, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (sameProcess(pid, startTime)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !sameProcess(pid, startTime);
            }
        }
        return true;
    }

    /**
     * Ends the process: SIGTERM (a hypervisor then exits cleanly, flushing its disks), SIGKILL when
     * it is still there after {@code termMillis}. Does nothing when the pid now belongs to another
     * process.
     *
     * @return true when the process is gone
     */
    public static boolean terminate(long pid, long startTime, long termMillis) {
        if (!sameProcess(pid, startTime)) {
            return true;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return true;
        }
        h.get().destroy();
        if (waitForExit(pid, startTime, termMillis)) {
            return true;
        }
        LOG.warn("process {} ignored SIGTERM for {} ms: sending SIGKILL", pid, termMillis);
        if (sameProcess(pid, startTime)) {
            h.get().destroyForcibly();
        }
        return waitForExit(pid, startTime, 5000);
    }
}
