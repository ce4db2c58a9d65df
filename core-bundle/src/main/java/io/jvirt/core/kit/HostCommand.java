package io.jvirt.core.kit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Runs a short host command (ip, kill, a probe of a hypervisor binary...) and waits for it, bounded
 * by a timeout that holds whatever the command does: libvirt's {@code virCommandRun} with a
 * deadline.
 *
 * <p>The output (stdout and stderr together) goes to a private temp file, not a pipe: a command
 * that leaves a child behind holding its stdout open (a daemon it started, a stuck grandchild)
 * would keep a pipe reader waiting forever, past any timeout. The deadline covers the command's
 * own exit; when it passes, the command and the descendants it made are killed (only those: the
 * runner never signals a process it did not start). At most {@link #OUTPUT_CAP} bytes of output are
 * kept, so a chatty or hostile program cannot fill the heap.
 *
 * <p>stdin is /dev/null; the environment is the caller's choice ({@code env} null: the JVM's).
 */
public final class HostCommand {

    /** Bytes of output kept (the rest is dropped, and {@link Result#truncated} says so). */
    public static final int OUTPUT_CAP = 1 << 20;

    /** What a command said: its exit status and its output (stdout and stderr, as written). */
    public record Result(int status, String output, boolean truncated) {

        /** The output without surrounding white space. */
        public String text() {
            return output.trim();
        }
    }

    private HostCommand() {
    }

    /** {@link #run(List, Map, long, ErrorDomain)} with the JVM's environment. */
    public static Result run(List<String> argv, long timeoutMs, ErrorDomain domain) throws IOException {
        return run(argv, null, timeoutMs, domain);
    }

    /**
     * Runs {@code argv} and waits at most {@code timeoutMs} for it to exit.
     *
     * @param env    the command's whole environment, or null for the JVM's
     * @param domain the error domain of the caller's errors
     * @throws IOException   when the command cannot be started (not found, not executable)
     * @throws VirtException OPERATION_TIMEOUT when it did not exit in time (it and its descendants
     *                       were killed), OPERATION_ABORTED when the calling thread was interrupted
     *                       (the same cleanup)
     */
    public static Result run(List<String> argv, Map<String, String> env, long timeoutMs, ErrorDomain domain)
        throws IOException {
        Objects.requireNonNull(domain, "domain");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        Path out = Files.createTempFile("jvirt-cmd-", ".out"); // 0600 on POSIX
        try {
            ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (env != null) {
                pb.environment().clear();
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            try {
                if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                    kill(p);
                    throw new VirtException(ErrorCode.OPERATION_TIMEOUT, domain,
                        argv.get(0) + " did not finish in " + timeoutMs + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill(p);
                throw new VirtException(ErrorCode.OPERATION_ABORTED, domain, "interrupted while running " + argv.get(0), e);
            }
            return read(p.exitValue(), out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Result read(int status, Path out) throws IOException {
        try (InputStream in = Files.newInputStream(out)) {
            byte[] b = in.readNBytes(OUTPUT_CAP);
            boolean truncated = in.read() >= 0;
            return new Result(status, new String(b, StandardCharsets.UTF_8), truncated);
        }
    }

    /** Kills the command and every descendant it has now (taken before the command dies and they are re-parented). */
    private static void kill(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        // waits even when the caller was interrupted (the flag is put back): a killed command
        // that is still exiting could otherwise touch its files after the caller went on
        boolean interrupted = Thread.interrupted();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
