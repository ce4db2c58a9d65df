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

    static final String DIST_PROPERTY = KarafContainer.DIST_PROPERTY;
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
        Path archive = KarafContainer.archive();
        if (archive == null) {
            return Figures.missing("karaf-dist archive not built (-D" + DIST_PROPERTY + ")");
        }
        try (KarafContainer karaf = KarafContainer.unpack(archive, "jvirt-bench-mem")) {
            Path tmp = karaf.tmp();
            long pid = karaf.start();
            karaf.awaitConsole(List.of("uri"));
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
            Processes.Result r = Processes.run(karaf.home, List.of("bin/client", "-u", "karaf", "-p", "karaf", "-a",
                Integer.toString(karaf.sshPort), "-h", "127.0.0.1", "-f", commands.toString()), karaf.env(), 1800, true);
            int defined = countDefined(karaf);
            if (defined < DOMAINS) {
                return new Figures(idle, -1, "only " + defined + " domains defined through bin/client: " + tail(r.output()));
            }
            TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
            long loaded = Processes.rssKiB(pid);
            return new Figures(idle, loaded, null, heapInfo(karaf.home, pid));
        }
    }

    static Figures libvirtd() throws IOException, InterruptedException {
        if (TestDriverLibvirtd.unavailable() != null || !Processes.onPath("virsh")) {
            return Figures.missing("libvirt not installed (no libvirtd / virsh)");
        }
        try (TestDriverLibvirtd daemon = TestDriverLibvirtd.start()) {
            TimeUnit.SECONDS.sleep(SETTLE_SECONDS);
            long idle = Processes.rssKiB(daemon.pid());
            long loaded = definedThroughVirsh(daemon.tmp(), daemon.testUri(), daemon.pid());
            return new Figures(idle, loaded, null);
        } catch (IOException e) {
            return Figures.missing(tail(e.getMessage()));
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

    private static int countDefined(KarafContainer karaf) throws IOException, InterruptedException {
        Processes.Result r = karaf.virt(List.of("list", "--all", "--name"), 300);
        return (int) r.output().lines().filter(l -> l.trim().startsWith("bench-")).count();
    }

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
