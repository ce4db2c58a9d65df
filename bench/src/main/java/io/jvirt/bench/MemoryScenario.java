package io.jvirt.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 5: resident size (VmRSS) of jvirt's Karaf container and of libvirtd, each idle and with
 * {@link #SIZES} domains defined on the test driver (the same domain XML as scenario 1), each
 * started on its own ports / sockets in a temp dir and stopped by pid afterwards.
 *
 * <ul>
 * <li>jvirt: karaf-dist's archive (-Djvirt.bench.dist) unpacked, bin/start on free ports with the
 * distribution's own JVM settings (bin/setenv), idle once {@code bin/virt uri} answers and
 * {@link #SETTLE_SECONDS} have passed.</li>
 * <li>libvirt: {@code libvirtd -f CONF} with its sockets in the temp dir and LIBVIRT_DRIVER_DIR
 * pointing at an empty folder, so only its built-in drivers (test, remote) load (the QEMU driver
 * module would need a libvirt-qemu user).</li>
 * </ul>
 * On both sides the domains are defined by one virsh session over libvirt's RPC protocol
 * ({@code test+unix:///default?socket=...}: jvirt serves it on data/run/libvirt-sock), which stays
 * connected while the sizes are read, since libvirt drops test:///default's state with its last
 * connection: the same client and the same calls for both.
 */
final class MemoryScenario {

    static final String DIST_PROPERTY = KarafContainer.DIST_PROPERTY;
    /** Domains defined, cumulatively: the size is read after each step. */
    static final int[] SIZES = {1_000, 10_000};
    static final int SETTLE_SECONDS = 10;
    /** Issue 27's targets for the distribution, MiB: idle, and with the last of {@link #SIZES} domains. */
    static final double TARGET_IDLE_MIB = 128;
    static final double TARGET_LOADED_MIB = 192;

    /**
     * Resident sizes in KiB, {@code loadedKiB[i]} with {@code SIZES[i]} domains; a negative value:
     * not measured, see {@code note}. {@code breakdown}: what the JVM says it holds with the most
     * domains (jcmd GC.heap_info), or null.
     */
    record Figures(long idleKiB, long[] loadedKiB, String note, String breakdown) {
        Figures(long idleKiB, long[] loadedKiB, String note) {
            this(idleKiB, loadedKiB, note, null);
        }

        static Figures missing(String why) {
            return new Figures(-1, none(), why);
        }

        long loaded(int i) {
            return i < loadedKiB.length ? loadedKiB[i] : -1;
        }
    }

    private MemoryScenario() {
    }

    static long[] none() {
        long[] n = new long[SIZES.length];
        java.util.Arrays.fill(n, -1);
        return n;
    }

    static Figures jvirt() throws IOException, InterruptedException {
        Path archive = KarafContainer.archive();
        if (archive == null) {
            return Figures.missing("karaf-dist archive not built (-D" + DIST_PROPERTY + ")");
        }
        try (KarafContainer karaf = KarafContainer.unpack(archive, "jvirt-bench-mem")) {
            karaf.start();
            karaf.awaitConsole(List.of("uri"));
            // measured from its second start on, as a host runs it after the first: the first start
            // resolves the boot features, and its stop writes the class data sharing archive (bin/setenv)
            // that every later start maps
            karaf.stop();
            long pid = karaf.start();
            karaf.awaitConsole(List.of("uri"));
            TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
            long idle = Processes.rssKiB(pid);
            Path socket = karaf.home.resolve("data/run/libvirt-sock");
            long[] loaded = none();
            try {
                definedThroughVirsh(karaf.tmp(), "test+unix:///default?socket=" + socket, pid, () -> heapInfo(karaf.home, pid), loaded);
                return new Figures(idle, loaded, null, lastBreakdown);
            } catch (IOException e) {
                return new Figures(idle, loaded, e.getMessage());
            }
        }
    }

    /** The JVM's own account, taken while the virsh session that defined the domains is still connected. */
    private static String lastBreakdown;

    /** Issue 27's target for the embedding: with the first of {@link #SIZES} domains, at most this times libvirtd's RSS. */
    static final double TARGET_EMBEDDED_RATIO = 3.0;
    /** The distribution's bin/setenv, whose JVM defaults the embedded side is given too (the harness runs from the root). */
    static final Path SETENV = Path.of("karaf-dist/src/main/resources/assembly/bin/setenv");

    /**
     * jvirt embedded in a plain Felix framework ({@link EmbeddedFelixMain} in a JVM of its own, with the
     * bundles bench's build copied to target/embedded-felix-bundles and the distribution's JVM settings
     * from bin/setenv); the domains are defined through the Connector service's connection, in process
     * (an embedding application calls the API; there is no RPC server in it).
     */
    static Figures embeddedFelix() throws IOException, InterruptedException {
        Path bundles = Path.of(System.getProperty("jvirt.bench.embedded.bundles", "bench/target/embedded-felix-bundles"));
        String felix = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .filter(p -> p.contains("org.apache.felix.framework")).findFirst().orElse(null);
        if (!Files.isDirectory(bundles) || felix == null) {
            return Figures.missing("embedded Felix: no bundles in " + bundles + " or no Felix framework on the class path");
        }
        List<String> jvm;
        try {
            jvm = distributionJvmOptions(Files.readString(SETENV));
        } catch (IOException | IllegalStateException e) {
            return Figures.missing("embedded Felix: cannot read the distribution's JVM settings from " + SETENV + ": " + e.getMessage());
        }
        embeddedJvmOptions = String.join(" ", jvm);
        Path tmp = Files.createTempDirectory("jvirt-bench-felix");
        Process child = null;
        try {
            String classes = Path.of(EmbeddedFelixMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(KarafContainer.javaHome(), "bin", "java").toString()));
            cmd.addAll(jvm);
            cmd.addAll(List.of("-cp", felix + java.io.File.pathSeparator + classes, EmbeddedFelixMain.class.getName(),
                bundles.toAbsolutePath().toString(), tmp.resolve("felix-cache").toString()));
            child = new ProcessBuilder(cmd).redirectError(tmp.resolve("felix.stderr").toFile()).start();
            Writer in = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY")) {
                return Figures.missing("embedded Felix did not start: " + ready + " " + tail(Files.readString(tmp.resolve("felix.stderr"))));
            }
            TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
            long idle = Processes.rssKiB(child.pid());
            long[] loaded = none();
            for (int step = 0; step < SIZES.length; step++) {
                int from = step == 0 ? 0 : SIZES[step - 1];
                for (int i = from; i < SIZES[step]; i++) {
                    Files.writeString(tmp.resolve("dom-" + i + ".xml"), TestDriverScenario.domainXml(i));
                }
                in.write("define " + tmp + " " + from + " " + SIZES[step] + "\n");
                in.flush();
                String answer = out.readLine();
                if (answer == null || !answer.startsWith("DEFINED ") || Integer.parseInt(answer.substring(8)) < SIZES[step]) {
                    return new Figures(idle, loaded, "embedded Felix: defining " + SIZES[step] + " domains answered " + answer);
                }
                TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
                loaded[step] = Processes.rssKiB(child.pid());
            }
            String breakdown = heapInfo(tmp, child.pid());
            in.write("quit\n");
            in.flush();
            return new Figures(idle, loaded, null, breakdown);
        } catch (java.net.URISyntaxException e) {
            return Figures.missing("embedded Felix: " + e.getMessage());
        } finally {
            if (child != null && !child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            Processes.deleteTree(tmp);
        }
    }

    /** The options the embedded side ran with (for the table's note), or null before it ran. */
    private static String embeddedJvmOptions;

    /**
     * The JVM options bin/setenv gives the container by default: -Xms and -Xmx from its
     * JAVA_MIN_MEM / JAVA_MAX_MEM defaults, then its default EXTRA_JAVA_OPTS.
     */
    static List<String> distributionJvmOptions(String setenv) {
        java.util.regex.Matcher min = java.util.regex.Pattern.compile("JAVA_MIN_MEM:-([^}\"]+)}").matcher(setenv);
        java.util.regex.Matcher max = java.util.regex.Pattern.compile("JAVA_MAX_MEM:-([^}\"]+)}").matcher(setenv);
        java.util.regex.Matcher extra = java.util.regex.Pattern.compile("EXTRA_JAVA_OPTS=\"(-XX[^\"]*)\"").matcher(setenv);
        if (!min.find() || !max.find() || !extra.find()) {
            throw new IllegalStateException("no JAVA_MIN_MEM / JAVA_MAX_MEM / EXTRA_JAVA_OPTS defaults found");
        }
        List<String> opts = new java.util.ArrayList<>(List.of("-Xms" + min.group(1), "-Xmx" + max.group(1)));
        opts.addAll(List.of(extra.group(1).trim().split("\\s+")));
        return opts;
    }

    static Figures libvirtd() throws IOException, InterruptedException {
        if (TestDriverLibvirtd.unavailable() != null || !Processes.onPath("virsh")) {
            return Figures.missing("libvirt not installed (no libvirtd / virsh)");
        }
        try (TestDriverLibvirtd daemon = TestDriverLibvirtd.start()) {
            TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
            long idle = Processes.rssKiB(daemon.pid());
            long[] loaded = none();
            try {
                definedThroughVirsh(daemon.tmp(), daemon.testUri(), daemon.pid(), () -> null, loaded);
                return new Figures(idle, loaded, null);
            } catch (IOException e) {
                return new Figures(idle, loaded, e.getMessage());
            }
        } catch (IOException e) {
            return Figures.missing(tail(e.getMessage()));
        }
    }

    /** Something read from the process while the domains are still defined. */
    interface Probe {
        String read() throws InterruptedException;
    }

    /**
     * Defines {@link #SIZES} domains from one virsh session, step by step, and reads the daemon's size
     * after each step while the session is still connected (each step ends with a listing that must
     * show every domain so far) into {@code sizes}, which keeps the steps measured when a later one fails.
     */
    private static void definedThroughVirsh(Path tmp, String uri, long daemonPid, Probe probe, long[] sizes)
        throws IOException, InterruptedException {
        Process virsh = new ProcessBuilder("virsh", "-q", "-c", uri).redirectErrorStream(true).start();
        try (Writer in = new java.io.OutputStreamWriter(virsh.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(virsh.getInputStream(), StandardCharsets.UTF_8))) {
            for (int step = 0; step < SIZES.length; step++) {
                StringBuilder commands = new StringBuilder();
                for (int i = step == 0 ? 0 : SIZES[step - 1]; i < SIZES[step]; i++) {
                    Path xml = tmp.resolve("dom-" + i + ".xml");
                    Files.writeString(xml, TestDriverScenario.domainXml(i));
                    commands.append("define ").append(xml).append('\n');
                }
                commands.append("echo BENCH-DEFINED\nlist --all --name\necho BENCH-LISTED\n");
                // written from a thread of its own while this one reads: virsh answers every define with a
                // line, and thousands of them fill the pipe's buffer (both sides then wait for ever)
                Thread writer = new Thread(() -> {
                    try {
                        in.write(commands.toString());
                        in.flush();
                    } catch (IOException e) {
                        // virsh ended: the listing below comes up short and says so
                    }
                }, "virsh-commands");
                writer.start();
                String line;
                int named = 0;
                boolean listing = false;
                // virsh 9.0 without a terminal echoes each command after its prompt and prints echo's output
                // with no newline ("BENCH-LISTEDvirsh # define ..."): the step ends at the echoed command,
                // never at echo's output, which only ends with the next step's first line
                while ((line = out.readLine()) != null && !line.endsWith("echo BENCH-LISTED") && !line.equals("BENCH-LISTED")) {
                    if (listing && line.startsWith("bench-")) {
                        named++;
                    }
                    listing |= line.endsWith("list --all --name") || line.equals("BENCH-DEFINED");
                }
                writer.join(TimeUnit.SECONDS.toMillis(60));
                if (named < SIZES[step]) {
                    throw new IOException("virsh defined only " + named + " of " + SIZES[step] + " domains on " + uri);
                }
                TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
                sizes[step] = Processes.rssKiB(daemonPid);
            }
            lastBreakdown = probe.read();
            in.write("quit\n");
            in.flush();
        } finally {
            if (!virsh.waitFor(30, TimeUnit.SECONDS)) {
                virsh.destroyForcibly();
            }
        }
    }

    static String table(Figures jvirt, Figures libvirt) {
        return table(jvirt, Figures.missing("embedded Felix not run"), libvirt);
    }

    static String table(Figures jvirt, Figures felix, Figures libvirt) {
        StringBuilder sb = new StringBuilder("| process | idle RSS (MiB) |");
        for (int n : SIZES) {
            sb.append(String.format(Locale.ROOT, " with %,d domains (MiB) |", n));
        }
        sb.append(" jvirt / libvirtd (idle) |");
        for (int n : SIZES) {
            sb.append(String.format(Locale.ROOT, " jvirt / libvirtd (%,d) |", n));
        }
        sb.append("\n|---|").append("---:|".repeat(2 + 2 * SIZES.length)).append('\n');
        sb.append(row("jvirt (Karaf distribution, every driver, its bin/setenv JVM settings)", jvirt, libvirt));
        sb.append(row("jvirt embedded in plain Felix 7 + SCR (api, core, test driver; the same JVM settings)", felix, libvirt));
        sb.append(row("libvirtd 9.0 (built-in drivers only)", libvirt, libvirt));
        sb.append("\n| target (issue 27) | figure (MiB) | status |\n|---|---:|---|\n");
        sb.append(target("the distribution idle <= " + (int) TARGET_IDLE_MIB + " MiB", jvirt.idleKiB(), TARGET_IDLE_MIB));
        sb.append(target(String.format(Locale.ROOT, "the distribution with %,d domains <= %d MiB", SIZES[SIZES.length - 1],
            (int) TARGET_LOADED_MIB), jvirt.loaded(SIZES.length - 1), TARGET_LOADED_MIB));
        if (felix.loaded(0) >= 0 && libvirt.loaded(0) > 0) {
            double limit = TARGET_EMBEDDED_RATIO * libvirt.loaded(0) / 1024.0;
            sb.append(target(String.format(Locale.ROOT, "embedded Felix with %,d domains <= %.0fx libvirtd's (%.1f MiB in this run)",
                SIZES[0], TARGET_EMBEDDED_RATIO, limit), felix.loaded(0), limit));
        } else {
            sb.append(String.format(Locale.ROOT, "| embedded Felix with %,d domains <= %.0fx libvirtd's | not measured | not measured |%n",
                SIZES[0], TARGET_EMBEDDED_RATIO));
        }
        for (Figures f : List.of(jvirt, felix, libvirt)) {
            if (f.note() != null) {
                sb.append("\nNot measured: ").append(f.note()).append(".\n");
            }
        }
        if (jvirt.breakdown() != null) {
            sb.append(String.format(Locale.ROOT, "%njvirt's JVM with %,d domains defined (`jcmd PID GC.heap_info`): `", SIZES[SIZES.length - 1]))
                .append(jvirt.breakdown()).append("`.\n");
        }
        if (felix.breakdown() != null) {
            sb.append(String.format(Locale.ROOT, "%nThe embedded Felix JVM with %,d domains defined: `", SIZES[SIZES.length - 1]))
                .append(felix.breakdown()).append("`.\n");
        }
        if (embeddedJvmOptions != null) {
            sb.append("\nThe embedded side's JVM options, read from the distribution's bin/setenv: `").append(embeddedJvmOptions).append("`.\n");
        }
        return sb.toString();
    }

    private static String row(String name, Figures f, Figures libvirt) {
        StringBuilder sb = new StringBuilder("| ").append(name).append(" | ").append(mib(f.idleKiB())).append(" |");
        for (int i = 0; i < SIZES.length; i++) {
            sb.append(' ').append(mib(f.loaded(i))).append(" |");
        }
        sb.append(' ').append(ratio(f.idleKiB(), libvirt.idleKiB())).append(" |");
        for (int i = 0; i < SIZES.length; i++) {
            sb.append(' ').append(ratio(f.loaded(i), libvirt.loaded(i))).append(" |");
        }
        return sb.append('\n').toString();
    }

    private static String target(String what, long kib, double limitMib) {
        if (kib < 0) {
            return "| " + what + " | not measured | not measured |\n";
        }
        double m = kib / 1024.0;
        return String.format(Locale.ROOT, "| %s | %.1f | %s |%n", what, m,
            m <= limitMib ? "met" : String.format(Locale.ROOT, "**behind target** by %.1f MiB", m - limitMib));
    }

    private static String mib(long kib) {
        return kib < 0 ? "not measured" : String.format(Locale.ROOT, "%.1f", kib / 1024.0);
    }

    private static String ratio(long a, long b) {
        return a < 0 || b <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) a / b);
    }

    // ---------- the Karaf container ----------

    /**
     * The heap and metaspace lines of {@code jcmd PID GC.heap_info}: where a JVM's resident size
     * goes (the heap as the JVM sized it, versus what is in use), as the memory row's explanation.
     */
    private static String heapInfo(Path home, long pid) throws InterruptedException {
        try {
            Path jcmd = Path.of(KarafContainer.javaHome(), "bin", "jcmd");
            Processes.Result r = Processes.run(home, List.of(jcmd.toString(), Long.toString(pid), "GC.heap_info"), Map.of(), 60);
            return r.output().lines().map(String::strip)
                .filter(l -> l.contains(" total ") || l.startsWith("Metaspace") || l.startsWith("class space"))
                .reduce((a, b) -> a + "; " + b).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 300 ? "..." + t.substring(t.length() - 300) : t;
    }
}
