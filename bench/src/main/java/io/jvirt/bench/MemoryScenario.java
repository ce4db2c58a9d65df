package io.jvirt.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 5: resident size (VmRSS) of jvirt's Karaf container and of libvirtd, each idle and with
 * {@link #DOMAINS} domains defined on the test driver (the same domain XML as scenario 1), each
 * started on its own ports / sockets in a temp dir and stopped by pid afterwards.
 *
 * <ul>
 * <li>jvirt: karaf-dist's archive (-Djvirt.bench.dist) unpacked, bin/start on free ports, idle once
 * {@code bin/virt uri} answers and {@link #SETTLE_SECONDS} have passed; the domains are defined with
 * one bin/client session running a command file of {@code virt:define FILE} lines.</li>
 * <li>libvirt: {@code libvirtd -f CONF} with its sockets in the temp dir and LIBVIRT_DRIVER_DIR
 * pointing at an empty folder, so only its built-in drivers (test, remote) load, as jvirt has only
 * its test driver today (and the QEMU driver module would need a libvirt-qemu user); the domains
 * are defined by one virsh over {@code test+unix:///default?socket=...}, which stays connected
 * while the size is read, since libvirt drops test:///default's state with its last connection.</li>
 * </ul>
 */
final class MemoryScenario {

    static final String DIST_PROPERTY = "jvirt.bench.dist";
    static final int DOMAINS = 1_000;
    static final int SETTLE_SECONDS = 10;

    /**
     * Resident sizes in KiB; a negative value: not measured, see {@code note}. {@code breakdown}:
     * what the JVM says it holds at the loaded measurement (jcmd GC.heap_info), or null.
     */
    record Figures(long idleKiB, long loadedKiB, String note, String breakdown) {
        Figures(long idleKiB, long loadedKiB, String note) {
            this(idleKiB, loadedKiB, note, null);
        }

        static Figures missing(String why) {
            return new Figures(-1, -1, why);
        }
    }

    private MemoryScenario() {
    }

    static Figures jvirt() throws IOException, InterruptedException {
        String archive = System.getProperty(DIST_PROPERTY);
        if (archive == null || !Files.isRegularFile(Path.of(archive))) {
            return Figures.missing("karaf-dist archive not built (-D" + DIST_PROPERTY + ")");
        }
        Path tmp = Files.createTempDirectory("jvirt-bench-mem");
        Path home = null;
        long pid = -1;
        try {
            Processes.run(tmp, List.of("tar", "xzf", Path.of(archive).toAbsolutePath().toString()), Map.of(), 120);
            try (var dirs = Files.list(tmp)) {
                home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            }
            int ssh = Processes.freePort();
            setProperty(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(ssh));
            setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", Integer.toString(Processes.freePort()));
            setProperty(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", Integer.toString(Processes.freePort()));
            Map<String, String> env = Map.of("JVIRT_PORT", Integer.toString(ssh), "JAVA_HOME", javaHome());
            Processes.run(home, List.of("bin/start"), env, 60);
            pid = waitForPid(home.resolve("karaf.pid"));
            waitUntil(home, List.of("bin/virt", "uri"), env);
            TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
            long idle = Processes.rssKiB(pid);

            Path commands = tmp.resolve("define.txt");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < DOMAINS; i++) {
                Path xml = tmp.resolve("dom-" + i + ".xml");
                Files.writeString(xml, TestDriverScenario.domainXml(i));
                lines.add("virt:define " + xml);
            }
            Files.write(commands, lines);
            Processes.Result r = Processes.run(home, List.of("bin/client", "-u", "karaf", "-p", "karaf", "-a",
                Integer.toString(ssh), "-h", "127.0.0.1", "-f", commands.toString()), env, 1800, true);
            int defined = countDefined(home, env);
            if (defined < DOMAINS) {
                return new Figures(idle, -1, "only " + defined + " domains defined through bin/client: " + tail(r.output()));
            }
            TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
            long loaded = Processes.rssKiB(pid);
            return new Figures(idle, loaded, null, heapInfo(home, pid));
        } finally {
            if (home != null) {
                stopKaraf(home, pid);
            }
            Processes.deleteTree(tmp);
        }
    }

    static Figures libvirtd() throws IOException, InterruptedException {
        if (!Processes.onPath("libvirtd") || !Processes.onPath("virsh")) {
            return Figures.missing("libvirt not installed (no libvirtd / virsh)");
        }
        Path tmp = Files.createTempDirectory("jvirt-bench-libvirtd");
        Process daemon = null;
        try {
            Path conf = tmp.resolve("libvirtd.conf");
            Files.writeString(conf, "unix_sock_dir = \"" + tmp + "\"\nlisten_tls = 0\nlisten_tcp = 0\n"
                + "auth_unix_rw = \"none\"\nauth_unix_ro = \"none\"\n"
                + "log_outputs = \"3:file:" + tmp.resolve("libvirtd.log") + "\"\n");
            Files.createDirectories(tmp.resolve("no-drivers"));
            ProcessBuilder pb = new ProcessBuilder("libvirtd", "-f", conf.toString(), "-p", tmp.resolve("libvirtd.pid").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("libvirtd.out").toFile());
            pb.environment().put("LIBVIRT_DRIVER_DIR", tmp.resolve("no-drivers").toString());
            daemon = pb.start();
            Path socket = tmp.resolve("libvirt-sock");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(socket)) {
                if (!daemon.isAlive() || System.nanoTime() > end) {
                    return Figures.missing("libvirtd did not start: " + tail(Files.readString(tmp.resolve("libvirtd.out"))));
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
            long idle = Processes.rssKiB(daemon.pid());
            long loaded = definedThroughVirsh(tmp, "test+unix:///default?socket=" + socket, daemon.pid());
            return new Figures(idle, loaded, null);
        } finally {
            if (daemon != null) {
                daemon.destroy();
                if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
            Processes.deleteTree(tmp);
        }
    }

    /** Defines the domains from one virsh session and reads the daemon's size while it is still connected. */
    private static long definedThroughVirsh(Path tmp, String uri, long daemonPid) throws IOException, InterruptedException {
        Process virsh = new ProcessBuilder("virsh", "-q", "-c", uri).redirectErrorStream(true).start();
        try (Writer in = new java.io.OutputStreamWriter(virsh.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(virsh.getInputStream(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < DOMAINS; i++) {
                Path xml = tmp.resolve("dom-" + i + ".xml");
                Files.writeString(xml, TestDriverScenario.domainXml(i));
                in.write("define " + xml + "\n");
            }
            in.write("echo BENCH-DEFINED\nlist --all --name\necho BENCH-LISTED\n");
            in.flush();
            String line;
            int named = 0;
            boolean listing = false;
            while ((line = out.readLine()) != null && !line.contains("BENCH-LISTED")) {
                if (listing && line.startsWith("bench-")) {
                    named++;
                }
                listing |= line.contains("BENCH-DEFINED");
            }
            if (named < DOMAINS) {
                throw new IOException("virsh defined only " + named + " domains on " + uri);
            }
            TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
            long loaded = Processes.rssKiB(daemonPid);
            in.write("quit\n");
            in.flush();
            return loaded;
        } finally {
            if (!virsh.waitFor(30, TimeUnit.SECONDS)) {
                virsh.destroyForcibly();
            }
        }
    }

    static String table(Figures jvirt, Figures libvirt) {
        StringBuilder sb = new StringBuilder(
            "| process | idle RSS (MiB) | with " + String.format(Locale.ROOT, "%,d", DOMAINS)
                + " domains (MiB) | jvirt / libvirtd (idle) | jvirt / libvirtd (" + String.format(Locale.ROOT, "%,d", DOMAINS)
                + " domains) |\n|---|---:|---:|---:|---:|\n");
        sb.append(row("jvirt (Karaf distribution, all drivers idle)", jvirt, ratio(jvirt.idleKiB(), libvirt.idleKiB()),
            ratio(jvirt.loadedKiB(), libvirt.loadedKiB())));
        sb.append(row("libvirtd 9.0 (built-in drivers only)", libvirt, "1.00", "1.00"));
        for (Figures f : List.of(jvirt, libvirt)) {
            if (f.note() != null) {
                sb.append("\nNot measured: ").append(f.note()).append(".\n");
            }
        }
        if (jvirt.breakdown() != null) {
            sb.append("\njvirt's JVM with the domains defined (`jcmd PID GC.heap_info`): `")
                .append(jvirt.breakdown()).append("`.\n");
        }
        return sb.toString();
    }

    private static String row(String name, Figures f, String idleRatio, String loadedRatio) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", name, mib(f.idleKiB()), mib(f.loadedKiB()),
            f.idleKiB() < 0 ? "-" : idleRatio, f.loadedKiB() < 0 ? "-" : loadedRatio);
    }

    private static String mib(long kib) {
        return kib < 0 ? "not measured" : String.format(Locale.ROOT, "%.1f", kib / 1024.0);
    }

    private static String ratio(long a, long b) {
        return a < 0 || b <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) a / b);
    }

    // ---------- the Karaf container ----------

    private static long waitForPid(Path pidFile) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.isRegularFile(pidFile) || Files.readString(pidFile).isBlank()) {
            if (System.nanoTime() > end) {
                throw new IOException("Karaf wrote no pid file");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    private static void waitUntil(Path home, List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (Processes.run(home, cmd, env, 120).rc() != 0) {
            if (System.nanoTime() > end) {
                throw new IOException("the container did not answer " + cmd);
            }
            TimeUnit.SECONDS.sleep(1);
        }
    }

    private static int countDefined(Path home, Map<String, String> env) throws IOException, InterruptedException {
        Processes.Result r = Processes.run(home, List.of("bin/virt", "list", "--all", "--name"), env, 300);
        return (int) r.output().lines().filter(l -> l.trim().startsWith("bench-")).count();
    }

    /** bin/stop, then the container's own pid if it is still there: never anything else. */
    private static void stopKaraf(Path home, long pid) throws InterruptedException {
        try {
            Processes.run(home, List.of("bin/stop"), Map.of(), 60);
        } catch (IOException ignored) {
            // ended by pid below
        }
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroy();
                try {
                    h.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
    }

    /**
     * The heap and metaspace lines of {@code jcmd PID GC.heap_info}: where a JVM's resident size
     * goes (the heap as the JVM sized it, versus what is in use), as the memory row's explanation.
     */
    private static String heapInfo(Path home, long pid) throws InterruptedException {
        try {
            Path jcmd = Path.of(javaHome(), "bin", "jcmd");
            Processes.Result r = Processes.run(home, List.of(jcmd.toString(), Long.toString(pid), "GC.heap_info"), Map.of(), 60);
            return r.output().lines().map(String::strip)
                .filter(l -> l.contains(" total ") || l.startsWith("Metaspace") || l.startsWith("class space"))
                .reduce((a, b) -> a + "; " + b).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** bin/client warns into its output without JAVA_HOME: the JDK this harness runs on. */
    private static String javaHome() {
        String env = System.getenv("JAVA_HOME");
        return env != null && !env.isBlank() ? env : System.getProperty("java.home");
    }

    private static void setProperty(Path cfg, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg));
        lines.removeIf(l -> l.trim().startsWith(key + " ") || l.trim().startsWith(key + "="));
        lines.add(key + " = " + value);
        Files.write(cfg, lines);
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 300 ? "..." + t.substring(t.length() - 300) : t;
    }
}
