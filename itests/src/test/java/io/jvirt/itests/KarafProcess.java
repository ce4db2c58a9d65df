package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The project's distribution as a user runs it: unpacked into target/, on free ports, started with
 * bin/start, driven by bin/virt and bin/client with no terminal, stopped with bin/stop. Ends the
 * Karaf process it started by its pid, never by a name.
 */
final class KarafProcess implements AutoCloseable {

    record Result(int rc, String out) {
    }

    final Path home;
    private final int sshPort;
    private long pid = -1;

    private KarafProcess(Path home, int sshPort) {
        this.home = home;
        this.sshPort = sshPort;
    }

    /** Unpacks the distribution into target/{@code dirName} and gives it free ports. */
    static KarafProcess unpack(String dirName) throws Exception {
        Path archive = Path.of(System.getProperty("jvirt.dist.archive", "../karaf-dist/target/karaf-dist-"
            + JvirtTestSupport.JVIRT_VERSION + ".tar.gz"));
        assertTrue("distribution archive " + archive, Files.isRegularFile(archive));
        Path dir = Path.of("target", dirName).toAbsolutePath();
        deleteTree(dir);
        Files.createDirectories(dir);
        assertEquals(0, run(dir, List.of("tar", "xzf", archive.toAbsolutePath().toString()), Map.of()).rc);
        Path home;
        try (var entries = Files.list(dir)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        int ssh = JvirtTestSupport.freePort();
        setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(ssh));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort",
            Integer.toString(JvirtTestSupport.freePort()));
        setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort",
            Integer.toString(JvirtTestSupport.freePort()));
        return new KarafProcess(home, ssh);
    }

    /** bin/start with {@code env}, then waits until the virt: commands answer (bin/start returns at once). */
    void start(Map<String, String> env) throws Exception {
        Path pidFile = home.resolve("karaf.pid");
        Files.deleteIfExists(pidFile);
        assertEquals(0, run(home, List.of("bin/start"), env).rc);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.isRegularFile(pidFile) || Files.readString(pidFile).isBlank()) {
            assertTrue("karaf.pid written", System.nanoTime() < end);
            Thread.sleep(100);
        }
        pid = Long.parseLong(Files.readString(pidFile).trim());
        Result r;
        while ((r = virt("uri")).rc != 0) {
            assertTrue("container ready within 120 s; last: " + r.out, System.nanoTime() < end);
            Thread.sleep(500);
        }
    }

    /** bin/stop, then waits for the Karaf process to end (killing it after 60 s). */
    void stop() throws Exception {
        run(home, List.of("bin/stop"), Map.of());
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(p -> {
                try {
                    p.onExit().get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
            pid = -1;
        }
    }

    @Override
    public void close() throws Exception {
        if (pid > 0) {
            stop();
        }
    }

    /** One virt: command through bin/virt. */
    Result virt(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/virt"));
        cmd.addAll(List.of(args));
        return run(home, cmd, Map.of("JVIRT_PORT", Integer.toString(sshPort)));
    }

    /** Any console command through bin/client, stdin kept open as bin/virt does. */
    Result client(String command) throws Exception {
        String script = "{ sleep 600 & echo $! > .holder; wait; } | { bin/client -u karaf -p karaf -a " + sshPort
            + " -h 127.0.0.1 -r 30 -d 1 \"$0\"; echo $? > .rc; kill $(cat .holder) 2>/dev/null; }; exit $(cat .rc)";
        // bin/virt sets JAVA_HOME for bin/client; without it the client prints a warning into the output
        return run(home, List.of("bash", "-c", script, command), Map.of("JAVA_HOME", System.getProperty("java.home")));
    }

    /** Runs a command with stdin at end-of-file and no terminal, as a script in CI does. */
    static Result run(Path dir, List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(p.exitValue(), out.replace("\r\n", "\n"));
    }

    private static void setProperty(Path cfg, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg));
        lines.removeIf(l -> l.trim().startsWith(key + " ") || l.trim().startsWith(key + "="));
        lines.add(key + " = " + value);
        Files.write(cfg, lines);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
