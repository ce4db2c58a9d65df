package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.jvirt.api.testing.Poll;

/**
 * The project's distribution as a user runs it: unpacked into target/, on free ports, started with
 * bin/start, driven by bin/virt and its ssh console with no terminal, stopped with bin/stop. Ends
 * the Karaf process it started by its pid, never by a name.
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
        Path jmx = home.resolve("etc/org.apache.karaf.management.cfg");
        if (Files.exists(jmx)) { // JMX (feature management) is not in the distribution's boot: installable on demand
            setProperty(jmx, "rmiRegistryPort", Integer.toString(JvirtTestSupport.freePort()));
            setProperty(jmx, "rmiServerPort", Integer.toString(JvirtTestSupport.freePort()));
        }
        return new KarafProcess(home, ssh);
    }

    /** bin/start with {@code env}, then waits until the virt: commands answer (bin/start returns at once). */
    void start(Map<String, String> env) throws Exception {
        Path pidFile = home.resolve("karaf.pid");
        Files.deleteIfExists(pidFile);
        assertEquals(0, run(home, List.of("bin/start"), env).rc);
        pid = Poll.forValue("karaf.pid written", Duration.ofMinutes(2), () -> {
            String text = Files.isRegularFile(pidFile) ? Files.readString(pidFile).trim() : "";
            return text.isEmpty() ? null : Long.valueOf(text);
        });
        AtomicReference<Result> last = new AtomicReference<>();
        Poll.until("the container's virt: commands to answer", Duration.ofMinutes(2), () -> {
            last.set(virt("uri"));
            return last.get().rc == 0;
        }, () -> last.get().out);
    }

    /**
     * Runs {@code bin/virt ARGS} until it succeeds (a driver answers once its bundle has activated
     * and probed its host, some time after the console does) and returns that successful result.
     */
    Result awaitVirt(String what, String... args) {
        AtomicReference<Result> last = new AtomicReference<>();
        Poll.until(what, Duration.ofMinutes(2), () -> {
            last.set(virt(args));
            return last.get().rc == 0;
        }, () -> last.get().out);
        return last.get();
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

    /**
     * One virt: command through bin/virt, left running: its output can be read while it runs (a
     * waiting virt:event, for instance).
     */
    Background virtInBackground(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bin/virt"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("JVIRT_PORT", Integer.toString(sshPort));
        return new Background(pb.start());
    }

    /**
     * A command started by {@link #virtInBackground}, ended through its own process handle by
     * {@link #stop} (or by {@link #close}, when the test fails before it stops it).
     */
    static final class Background implements AutoCloseable {
        private final Process process;
        /** The bytes read so far (decoded as a whole when asked, so no character is split between two reads). */
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private final Thread reader;

        private Background(Process process) {
            this.process = process;
            this.reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                try (var in = process.getInputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        out.write(buf, 0, n);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "bin/virt output");
            reader.setDaemon(true);
            reader.start();
        }

        /** What the command printed so far. */
        String output() {
            return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
        }

        /** Ends the command (SIGTERM to bin/virt's client JVM, which closes its console session); what it printed. */
        Result stop() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(60, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(60));
            return new Result(process.exitValue(), output());
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                stop();
            }
        }
    }

    /**
     * Any console script as the local administrator, over ssh with the installation's own key
     * (etc/jvirt-local.key, which bin/virt made at the first start).
     */
    Result client(String command) throws Exception {
        return ConsoleSsh.withKey(sshPort, "karaf", home.resolve("etc/jvirt-local.key"), command);
    }

    /** Any console script as {@code user} with a password, over ssh. */
    Result ssh(String user, String password, String command) throws Exception {
        return ConsoleSsh.withPassword(sshPort, user, password, command);
    }

    int sshPort() {
        return sshPort;
    }

    /** The running container's pid (karaf.pid), or -1. */
    long pid() {
        return pid;
    }

    /** bin/jvirt-user set NAME ROLE with the password on stdin. */
    void setUser(String name, String role, String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bin/jvirt-user", "set", name, role).directory(home.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        try (var in = p.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("bin/jvirt-user finished", p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(out, 0, p.exitValue());
    }

    /** bin/virt as {@code user} with {@code password} in its environment. */
    Result virtAs(String user, String password, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/virt"));
        cmd.addAll(List.of(args));
        return run(home, cmd, Map.of("JVIRT_PORT", Integer.toString(sshPort), "JVIRT_USER", user, "JVIRT_PASSWORD", password));
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
