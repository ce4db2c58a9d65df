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
        sb.append(row("libvirtd 9.0 (built-in drivers only)", libvirt, libvirt));
        sb.append("\n| target (issue 27) | figure (MiB) | status |\n|---|---:|---|\n");
        sb.append(target("the distribution idle <= " + (int) TARGET_IDLE_MIB + " MiB", jvirt.idleKiB(), TARGET_IDLE_MIB));
        sb.append(target(String.format(Locale.ROOT, "the distribution with %,d domains <= %d MiB", SIZES[SIZES.length - 1],
            (int) TARGET_LOADED_MIB), jvirt.loaded(SIZES.length - 1), TARGET_LOADED_MIB));
        for (Figures f : List.of(jvirt, libvirt)) {
            if (f.note() != null) {
                sb.append("\nNot measured: ").append(f.note()).append(".\n");
            }
        }
        if (jvirt.breakdown() != null) {
            sb.append(String.format(Locale.ROOT, "%njvirt's JVM with %,d domains defined (`jcmd PID GC.heap_info`): `", SIZES[SIZES.length - 1]))
                .append(jvirt.breakdown()).append("`.\n");
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
