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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.local.HostProcFs;
import io.jvirt.core.kit.local.HostPrograms;

/**
 * QEMU processes: spawning detached (own session, stderr to the domain log) and the domain log.
 * Identity checks, CPU time and killing are the kit's ({@link HostProcFs}, {@link io.jvirt.core.kit.local.ProcessRun}).
 */
final class QemuProcess {

    private static final Logger LOG = LoggerFactory.getLogger(QemuProcess.class);

    private QemuProcess() {
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
        return HostPrograms.find("setsid").map(Path::toString).orElse(null);
    }

    // The readers below are the kit's /proc reader (HostProcFs) under the names this package's
    // tests use: QEMU's process identity is that of every local driver.

    /** The process's start time (clock ticks after boot), -1 when it is gone. */
    static long startTime(long pid) {
        return HostProcFs.startTime(pid).orElse(-1);
    }

    /** Whether {@code pid} runs (not a zombie) and, when {@code startTime >= 0}, started then. */
    static boolean isAlive(long pid, long startTime) {
        return HostProcFs.sameProcess(pid, startTime);
    }

    /** The process's arguments, empty when it is gone. */
    static List<String> cmdline(long pid) {
        return HostProcFs.cmdline(pid);
    }

    /** Waits up to {@code millis} for the process to be gone; true when it is. */
    static boolean waitForExit(long pid, long startTime, long millis) {
        return HostProcFs.waitForExit(pid, startTime, millis);
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
