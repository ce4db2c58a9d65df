package io.jvirt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * jvirt's Karaf distribution unpacked into a temp dir by the harness (scenarios 4 and 5), on free
 * loopback ports of its own, started with {@code bin/start} and ended by its pid.
 */
final class KarafContainer implements AutoCloseable {

    static final String DIST_PROPERTY = "jvirt.bench.dist";

    final Path home;
    final int sshPort;
    private final Path tmp;
    private long pid = -1;

    private KarafContainer(Path tmp, Path home, int sshPort) {
        this.tmp = tmp;
        this.home = home;
        this.sshPort = sshPort;
    }

    /** The archive named by -Djvirt.bench.dist, or null when it was not built. */
    static Path archive() {
        String a = System.getProperty(DIST_PROPERTY);
        return a != null && Files.isRegularFile(Path.of(a)) ? Path.of(a) : null;
    }

    /** Unpacks the archive into a fresh temp dir and gives it free ssh and JMX ports; not started yet. */
    static KarafContainer unpack(Path archive, String tmpPrefix) throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory(tmpPrefix);
        try {
            Processes.run(tmp, List.of("tar", "xzf", archive.toAbsolutePath().toString()), Map.of(), 120);
            Path home;
            try (var dirs = Files.list(tmp)) {
                home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            // the harness's console user (KarafConsole: karaf/karaf): the distribution ships no password
            // user since its hardening (bin/virt uses a key of its own); this temp copy gets one, as
            // bin/jvirt-user would add it (the JAAS realm hashes it at the first start)
            Path users = home.resolve("etc/users.properties");
            if (Files.readAllLines(users).stream().noneMatch(l -> l.trim().startsWith("karaf "))) {
                Files.writeString(users, "\nkaraf = karaf,_g_:admingroup\n", java.nio.file.StandardOpenOption.APPEND);
            }
            int ssh = Processes.freePort();
            setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(ssh));
            Path jmx = home.resolve("etc/org.apache.karaf.management.cfg");
            if (Files.exists(jmx)) { // JMX (feature management) is not in the distribution's boot since issue 27
                setProperty(jmx, "rmiRegistryPort", Integer.toString(Processes.freePort()));
                setProperty(jmx, "rmiServerPort", Integer.toString(Processes.freePort()));
            }
            return new KarafContainer(tmp, home, ssh);
        } catch (IOException | RuntimeException e) {
            Processes.deleteTree(tmp);
            throw e;
        }
    }

    /** Where {@code tmpPrefix}'s files may go beside the container (deleted with it). */
    Path tmp() {
        return tmp;
    }

    /** The environment bin/start, bin/virt and bin/client get. */
    Map<String, String> env() {
        return Map.of("JVIRT_PORT", Integer.toString(sshPort), "JAVA_HOME", javaHome());
    }

    /** bin/start (returns at once: the container starts in the background); then waits for its pid file. */
    long start() throws IOException, InterruptedException {
        Path pidFile = home.resolve("karaf.pid");
        Files.deleteIfExists(pidFile);
        Processes.run(home, List.of("bin/start"), env(), 60);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(pidFile) || Files.readString(pidFile).isBlank()) {
            if (System.nanoTime() > end) {
                throw new IOException("Karaf wrote no pid file");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        pid = Long.parseLong(Files.readString(pidFile).trim());
        return pid;
    }

    long pid() {
        return pid;
    }

    /**
     * SIGTERM to the container's pid (Karaf's SIGTERM handler stops the framework, every bundle in
     * order), SIGKILL after 60 s; waits for its end. Never anything but this pid.
     */
    void stop() throws InterruptedException {
        if (pid <= 0) {
            return;
        }
        long p = pid;
        ProcessHandle.of(p).ifPresent(h -> {
            h.destroy();
            if (!awaitEnd(h, p, TimeUnit.SECONDS.toNanos(60))) {
                h.destroyForcibly();
                awaitEnd(h, p, TimeUnit.SECONDS.toNanos(30));
            }
        });
        pid = -1;
    }

    /**
     * Polls every {@link QemuRestartScenario#POLL_MILLIS} ms until {@code pid} is gone (or a zombie);
     * whether it is. Not {@code ProcessHandle.onExit()}: the container's JVM is not this harness's child
     * (bin/start runs it in the background), and for a process that is not a child the JDK polls with
     * sleeps of 300, 330, 360 ... ms, so the old container's end was seen up to 0.45 s late, and only at
     * 0.30, 0.63, 0.99, 1.38, 1.80 s (the steps of the restart timelines before this change).
     */
    private static boolean awaitEnd(ProcessHandle h, long pid, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (h.isAlive() && !zombie(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(QemuRestartScenario.POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Whether {@code pid} has ended and waits for its parent to reap it (state Z in /proc/PID/stat). */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true; // gone
        }
    }

    /** Runs {@code bin/virt ARGS} (one ssh console command), bounded. */
    Processes.Result virt(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bin/virt"));
        cmd.addAll(args);
        return Processes.run(home, cmd, env(), timeoutSeconds);
    }

    /** Waits (up to 3 min) until {@code bin/virt ARGS} succeeds: the container and its console are up. */
    void awaitConsole(List<String> args) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (virt(args, 120).rc() != 0) {
            if (System.nanoTime() > end) {
                throw new IOException("the container did not answer virt:" + args);
            }
            TimeUnit.SECONDS.sleep(1);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            Processes.run(home, List.of("bin/stop"), Map.of("JAVA_HOME", javaHome()), 60);
        } catch (IOException ignored) {
            // ended by pid below
        }
        stop();
        Processes.deleteTree(tmp);
    }

    /** bin/client warns into its output without JAVA_HOME: the JDK this harness runs on. */
    static String javaHome() {
        String env = System.getenv("JAVA_HOME");
        return env != null && !env.isBlank() ? env : System.getProperty("java.home");
    }

    static void setProperty(Path cfg, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg));
        lines.removeIf(l -> l.trim().startsWith(key + " ") || l.trim().startsWith(key + "="));
        lines.add(key + " = " + value);
        Files.write(cfg, lines);
    }
}
