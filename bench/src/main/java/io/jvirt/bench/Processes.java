package io.jvirt.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the out-of-process scenarios need: run a command, read a process's resident size. */
final class Processes {

    record Result(int rc, String output) {
    }

    private Processes() {
    }

    /** Runs a command to its end (bounded), stdout and stderr together, stdin at end-of-file. */
    static Result run(Path dir, List<String> cmd, Map<String, String> env, long timeoutSeconds)
        throws IOException, InterruptedException {
        return run(dir, cmd, env, timeoutSeconds, false);
    }

    /**
     * @param holdStdin give the command a stdin pipe that stays open until it ends: Karaf's
     *                  bin/client closes its session at once when stdin is at end-of-file
     */
    static Result run(Path dir, List<String> cmd, Map<String, String> env, long timeoutSeconds, boolean holdStdin)
        throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectInput(holdStdin ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        // read beside the wait, so that a command that never ends still hits the timeout
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        p.getOutputStream().close();
        return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8));
    }

    /** VmRSS of a live process, in KiB (Linux). */
    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new IOException("no VmRSS for process " + pid);
    }

    /** A free TCP port on the loopback interface (free when asked; good enough for a benchmark). */
    static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", program));
    }

    /** Deletes a temp tree (best effort: a benchmark must not fail on cleanup). */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // leave it to the OS's temp cleaning
        }
    }
}
