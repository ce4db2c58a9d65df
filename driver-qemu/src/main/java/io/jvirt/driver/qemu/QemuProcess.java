package io.jvirt.driver.qemu;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.HostCommand;

/**
 * QEMU processes as the host sees them: spawning detached (own session, stderr to the domain log),
 * identity checks through {@code /proc} (the start time tells our QEMU from a later process that
 * got its pid), CPU time, and killing (SIGTERM, then SIGKILL after a bound).
 */
final class QemuProcess {

    private static final Logger LOG = LoggerFactory.getLogger(QemuProcess.class);
    /** USER_HZ: the unit of the times in /proc/PID/stat; 100 on every Linux architecture jvirt runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");

    private QemuProcess() {
    }

    /** What a short host command said: its exit status and its output (stdout and stderr, trimmed). */
    record Output(int status, String text) {
    }

    /**
     * Runs a short host command (stdin at end of file) and waits for it, bounded by {@code timeoutMs}.
     *
     * @throws IOException when it cannot be started
     * @throws VirtException OPERATION_TIMEOUT when it does not finish in time (it is killed),
     *                       OPERATION_ABORTED when the caller is interrupted
     */
    static Output run(List<String> cmd, long timeoutMs) throws IOException {
        HostCommand.Result r = HostCommand.run(cmd, timeoutMs, ErrorDomain.QEMU);
        return new Output(r.status(), r.text());
    }

    /**
     * Starts {@code argv} in a new session ({@code setsid}, so that the container's terminal,
     * process group and signals do not reach it, and it outlives the JVM), stdin from /dev/null,
     * stdout and stderr appended to {@code log} after a header line with the command.
     *
     * @return the started process (its pid is QEMU's: setsid execs, it does not fork, because a
     *         child of the JVM never leads a process group)
     */
    static Process spawn(List<String> argv, Path log) {
        return spawn(List.of(), argv, log);
    }

    /** {@link #spawn(List, Path)} behind {@code prefix} (a command that execs the rest in place: {@code nsenter --net=...}). */
    static Process spawn(List<String> prefix, List<String> argv, Path log) {
        List<String> cmd = new ArrayList<>(prefix);
        String setsid = findSetsid();
        if (setsid != null) {
            cmd.add(setsid);
        } else {
            LOG.warn("setsid not found: QEMU runs in the container's session and may receive its signals");
        }
        cmd.addAll(argv);
        try {
            // the log gets the command line (kernel arguments may hold secrets): root's only, as libvirt's
            io.jvirt.core.kit.PrivateDirectory.ensure(log.getParent(), ErrorDomain.QEMU);
            if (!Files.exists(log, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(log, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.setPosixFilePermissions(log, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(log, Instant.now() + ": starting up\n" + String.join(" ", argv) + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
            pb.environment().put("LC_ALL", "C");
            return pb.start();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU,
                "cannot execute binary " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static String findSetsid() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, "setsid"))) {
                return dir + "/setsid";
            }
        }
        return null;
    }

    /** The fields of /proc/PID/stat after the command name (field 3 is index 0), or empty. */
    private static Optional<String[]> stat(long pid) {
        try {
            String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
            int close = s.lastIndexOf(')'); // the command name may contain blanks and parentheses
            return Optional.of(s.substring(close + 2).trim().split(" +"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The process's start time (clock ticks after boot, field 22 of /proc/PID/stat), -1 when it is gone. */
    static long startTime(long pid) {
        return stat(pid).filter(f -> f.length > 19 && !f[0].equals("Z") && !f[0].equals("X"))
            .map(f -> Long.parseLong(f[19])).orElse(-1L);
    }

    /** Whether {@code pid} runs (not a zombie) and, when {@code startTime >= 0}, started then. */
    static boolean isAlive(long pid, long startTime) {
        if (pid <= 0) {
            return false;
        }
        long st = startTime(pid);
        return st >= 0 && (startTime < 0 || st == startTime);
    }

    /** The process's arguments, empty when it is gone. */
    static List<String> cmdline(long pid) {
        try {
            byte[] b = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            List<String> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < b.length; i++) {
                if (b[i] == 0) {
                    out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** User plus system CPU time of the process in nanoseconds, 0 when it is gone. */
    static long cpuTimeNs(long pid) {
        return stat(pid).filter(f -> f.length > 12)
            .map(f -> (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / CLOCK_TICKS_PER_SECOND))
            .orElse(0L);
    }

    /** Waits up to {@code millis} for the process to be gone; true when it is. */
    static boolean waitForExit(long pid, long startTime, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (isAlive(pid, startTime)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isAlive(pid, startTime);
            }
        }
        return true;
    }

    /**
     * Ends the process: SIGTERM (QEMU then exits cleanly, flushing its disks), SIGKILL when it is
     * still there after {@code termMillis}. Does nothing when the pid now belongs to another
     * process (start time differs).
     *
     * @return true when the process is gone
     */
    static boolean kill(long pid, long startTime, long termMillis) {
        if (!isAlive(pid, startTime)) {
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
        LOG.warn("QEMU process {} ignored SIGTERM for {} ms: sending SIGKILL", pid, termMillis);
        h.get().destroyForcibly();
        return waitForExit(pid, startTime, 5000);
    }

    /** The pid written by QEMU's {@code -pidfile}, or -1. */
    static long readPidFile(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The log's size now, where the next start's output begins. */
    static long logSize(Path log) {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What QEMU wrote to its log since {@code offset} (the start's header line excluded), at most the last 4 KiB. */
    static String logTail(Path log, long offset) {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(offset, f.length() - 4096);
            byte[] b = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(b);
            String text = new String(b, StandardCharsets.UTF_8);
            StringBuilder out = new StringBuilder();
            for (String line : text.split("\n")) {
                // our header: the timestamp line and the command line
                if (line.endsWith(": starting up") || line.startsWith("/") && line.contains(" -name ")) {
                    continue;
                }
                if (!line.isBlank()) {
                    out.append(out.length() > 0 ? "\n" : "").append(line.trim());
                }
            }
            return out.toString();
        } catch (IOException e) {
            return "";
        }
    }
}
