package io.jvirt.api.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test's helper program (a build script, go build, virsh under a pty) to its end, bounded:
 * its output (stdout and stderr together) read while it runs so that it never blocks on a full
 * pipe, and when the limit passes the program and the descendants it made are killed (only those)
 * and the caller gets a failure, never a hung test.
 */
public final class BoundedProcess {

    /** How the program ended and what it printed. */
    public record Result(int status, String output) {
    }

    private BoundedProcess() {
    }

    /**
     * Starts {@code pb} (its error stream merged into its output) and waits for it at most {@code limit}.
     *
     * @throws AssertionError when it did not end in time (it was killed)
     */
    public static Result run(ProcessBuilder pb, Duration limit) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            List<ProcessHandle> descendants = p.descendants().toList();
            p.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", pb.command()) + " did not end in " + limit + ":\n" + output.getNow(""));
        }
        return new Result(p.exitValue(), output.join());
    }

    /**
     * Ends a long-running helper the test started that exits by itself when its standard input
     * ends (vcsim's main.go: it then closes its server and removes its temporary files, which a
     * signal right away would leave behind): closes its input, waits {@code grace}, and only then
     * SIGTERM and, 10 s later, SIGKILL. Only this process, by its handle.
     */
    public static void endByClosingInput(Process p, Duration grace) throws IOException, InterruptedException {
        p.getOutputStream().close();
        if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
