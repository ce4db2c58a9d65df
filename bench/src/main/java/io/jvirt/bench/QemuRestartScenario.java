package io.jvirt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.qemu.QemuDriver;

/**
 * Scenario 4: how long a restarted QEMU driver takes until it lists {@link Size#domains()}
 * persistent domains with {@link Size#running()} of them running again (reconnected to their
 * QEMUs, which kept running through the restart), from the restart command on. Sides:
 *
 * <ul>
 * <li>jvirt in process: {@code QemuDriver.stop()} and a new {@code QemuDriver.standalone} on the
 * same state, until its first {@code listAllDomains} (activation loads and reconnects before the
 * driver answers, so the first listing is the finished one). No OSGi, no console.</li>
 * <li>jvirt's Karaf distribution: {@code bundle:restart io.jvirt.driver-qemu} sent over the ssh
 * console, and a container restart (SIGTERM to its pid, wait for its end, {@code bin/start});
 * both until {@code virt:list --all}, polled over the ssh console from the harness
 * ({@link KarafConsole}), shows every domain and the running ones.</li>
 * <li>libvirtd ({@link LibvirtQemuBench#restarts}): SIGTERM, wait, a new libvirtd; until its
 * listing shows the same and each running guest answers query-status through it.</li>
 * </ul>
 * Pollers retry every {@link #POLL_MILLIS} ms on both sides. The guests are the diskless ones of
 * scenario 3; jvirt's are defined and started in process (untimed) on the Karaf distribution's
 * own state directory, so the container finds them at its first start.
 */
final class QemuRestartScenario {

    static final int POLL_MILLIS = 5;
    static final String QEMU_BUNDLE = "io.jvirt.driver-qemu";

    /** Defined domains, how many of them run, restarts per side. */
    record Size(int domains, int running, int reps) {
        static final Size FULL = new Size(1_000, 20, 3);
        static final Size SMOKE = new Size(5, 1, 1);

        /**
         * FULL, or the size named by {@code -Djvirt.bench.restart.size=DOMAINS,RUNNING,REPS} (a smaller
         * run to iterate on the restart's timeline; the document's rows are FULL's).
         */
        static Size full() {
            String s = System.getProperty("jvirt.bench.restart.size");
            if (s == null || s.isBlank()) {
                return FULL;
            }
            String[] p = s.split(",");
            return new Size(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()));
        }
    }

    /** One side's restart times in seconds, or why it has none. */
    record Row(List<Double> seconds, String missing) {
        static Row missing(String why) {
            return new Row(List.of(), why);
        }

        double median() {
            return QemuStartScenario.median(seconds);
        }
    }

    record Figures(Row inProcess, Row bundle, Row container, Row libvirtd) {
        Figures withLibvirtd(Row row) {
            return new Figures(inProcess, bundle, container, row);
        }
    }

    private QemuRestartScenario() {
    }

    /** jvirt's sides; the container's only when {@code withKaraf} and the archive was built. */
    static Figures jvirt(Size size, boolean withKaraf) throws Exception {
        if (!QemuGuests.qemuInstalled()) {
            Row none = Row.missing("qemu-system-x86_64 not installed");
            return new Figures(none, none, none, Row.missing("not run"));
        }
        Path archive = withKaraf ? KarafContainer.archive() : null;
        String prefix = QemuGuests.newPrefix();
        Set<Path> runDirsBefore = runDirs();
        KarafContainer karaf = archive == null ? null : KarafContainer.unpack(archive, "jvirt-bench-restart");
        Path plain = karaf == null ? Files.createTempDirectory("jvirt-bench-restart") : null;
        Path root = karaf != null ? karaf.home.resolve("data/jvirt/qemu") : plain;
        try {
            Row inProcess = inProcess(root, prefix, size);
            Row bundle;
            Row container;
            if (karaf == null) {
                String why = withKaraf ? "karaf-dist archive not built (-D" + KarafContainer.DIST_PROPERTY + ")"
                    : "smoke mode: no Karaf container";
                bundle = Row.missing(why);
                container = Row.missing(why);
            } else {
                KarafContainer.setProperty(karaf.home.resolve("etc/io.jvirt.core.cfg"), "default.uri", "qemu:///system");
                karaf.start();
                awaitListed(karaf, prefix, size, TimeUnit.MINUTES.toNanos(5)); // first start: untimed
                archiveRestart(karaf, prefix, size);
                bundle = bundleRestarts(karaf, prefix, size);
                container = containerRestarts(karaf, prefix, size);
                karaf.stop();
            }
            return new Figures(inProcess, bundle, container, Row.missing("not run"));
        } finally {
            try {
                if (karaf != null) {
                    karaf.stop();
                }
                destroyAll(root, prefix);
            } finally {
                QemuGuests.killLeftovers(prefix);
                if (karaf != null) {
                    karaf.close();
                }
                Processes.deleteTree(plain);
                removeNewEmptyRunDirs(runDirsBefore);
            }
        }
    }

    /** libvirtd's side on a private daemon ({@link LibvirtQemuBench#restarts}), or why not. */
    static Row libvirtd(Size size) throws Exception {
        String why = LibvirtQemuBench.unavailable();
        if (why != null) {
            return Row.missing(why);
        }
        return new Row(LibvirtQemuBench.restarts(QemuGuests.newPrefix(), size.domains(), size.running(), size.reps()), null);
    }

    /** Defines the domains, starts the first {@code running}, then measures in-process restarts. */
    private static Row inProcess(Path root, String prefix, Size size) {
        QemuDriver driver = QemuDriver.standalone(root);
        Connection conn = StandaloneConnector.create(null, driver).open("qemu:///system");
        try {
            for (int i = 0; i < size.domains(); i++) {
                Domain d = conn.defineXml(QemuGuests.diskless(prefix + i));
                if (i < size.running()) {
                    d.create();
                }
            }
            List<Double> seconds = new ArrayList<>();
            for (int r = 0; r < size.reps(); r++) {
                long t0 = System.nanoTime();
                conn.close();
                driver.stop();
                driver = QemuDriver.standalone(root);
                conn = StandaloneConnector.create(null, driver).open("qemu:///system");
                List<Domain> all = conn.listAllDomains();
                double s = (System.nanoTime() - t0) / 1e9;
                long named = all.stream().filter(d -> d.name().startsWith(prefix)).count();
                long active = all.stream().filter(d -> d.name().startsWith(prefix) && d.isActive()).count();
                if (named != size.domains() || active != size.running()) {
                    return Row.missing("after an in-process restart the driver listed " + named + " domains, " + active + " running");
                }
                seconds.add(s);
            }
            return new Row(seconds, null);
        } finally {
            conn.close();
            driver.stop();
        }
    }

    /** What the untimed restart that made the distribution's class data sharing archive took, or null. */
    static String archiveNote;

    /**
     * The distribution makes its class data sharing archive when its JVM exits after a start without one
     * (bin/setenv: data/jvirt-cds, a stamp written at the start, the archive at the exit). A user's
     * restarts after the first are the ones measured; the first, which writes the archive, is one
     * untimed restart here, its stop's duration noted below the table.
     */
    private static void archiveRestart(KarafContainer karaf, String prefix, Size size) throws Exception {
        Path cds = karaf.home.resolve("data/jvirt-cds");
        archiveNote = null;
        if (!Files.isRegularFile(cds.resolve("jvirt.jsa.stamp")) || Files.exists(cds.resolve("jvirt.jsa"))) {
            return;
        }
        long t0 = System.nanoTime();
        karaf.stop();
        double stop = (System.nanoTime() - t0) / 1e9;
        long bytes = Files.isRegularFile(cds.resolve("jvirt.jsa")) ? Files.size(cds.resolve("jvirt.jsa")) : -1;
        karaf.start();
        awaitListed(karaf, prefix, size, TimeUnit.MINUTES.toNanos(5));
        archiveNote = bytes < 0
            ? "The distribution's first stop made no class data sharing archive (data/jvirt-cds/jvirt.jsa missing).\n"
            : String.format(Locale.ROOT, "Before the measured restarts, one untimed restart: the first stop after the first start wrote the"
                + " distribution's class data sharing archive (data/jvirt-cds/jvirt.jsa, %.1f MiB); that stop took %.2f s (SIGTERM until the"
                + " JVM's end), once.%n", bytes / 1048576.0, stop);
    }

    /** Where each measured bundle and container restart of the last run spent its time (karaf.log). */
    static final List<RestartTimeline> BUNDLE_TIMELINES = new ArrayList<>();
    static final List<RestartTimeline> CONTAINER_TIMELINES = new ArrayList<>();

    private static Row bundleRestarts(KarafContainer karaf, String prefix, Size size) throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int r = 0; r < size.reps(); r++) {
            try (KarafConsole console = KarafConsole.connect(karaf.sshPort)) {
                Instant command = Instant.now();
                long t0 = System.nanoTime();
                KarafConsole.Reply reply = console.execute("bundle:restart " + QEMU_BUNDLE);
                if (reply.status() != 0) {
                    return Row.missing("bundle:restart failed: " + reply.output().strip());
                }
                Instant answered = Instant.now();
                long ready = awaitListed(karaf, prefix, size, TimeUnit.MINUTES.toNanos(3));
                seconds.add((ready - t0) / 1e9);
                Map<String, Instant> known = new LinkedHashMap<>();
                known.put("`bundle:restart` answered on the console", answered);
                known.put("**the poller sees every domain and the running guests**", command.plusNanos(ready - t0));
                BUNDLE_TIMELINES.add(RestartTimeline.bundle(karaf.home.resolve("data/log/karaf.log"), command, known));
            }
        }
        return new Row(seconds, null);
    }

    private static Row containerRestarts(KarafContainer karaf, String prefix, Size size) throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int r = 0; r < size.reps(); r++) {
            Instant command = Instant.now();
            long t0 = System.nanoTime();
            karaf.stop();
            Instant ended = Instant.now();
            long pid = karaf.start();
            Instant started = Instant.now();
            Instant jvm = RestartTimeline.processStart(pid);
            long ready = awaitListed(karaf, prefix, size, TimeUnit.MINUTES.toNanos(5));
            seconds.add((ready - t0) / 1e9);
            Map<String, Instant> known = new LinkedHashMap<>();
            known.put("SIGTERM sent to the old container", command);
            known.put("old container's JVM ended", ended);
            if (jvm != null) {
                known.put("new JVM process started (`bin/karaf`'s java)", jvm);
            }
            known.put("`bin/start` returned and the pid file is there", started);
            known.put("**the poller sees every domain and the running guests**", command.plusNanos(ready - t0));
            CONTAINER_TIMELINES.add(RestartTimeline.container(karaf.home.resolve("data/log/karaf.log"), command, jvm, known));
        }
        return new Row(seconds, null);
    }

    /**
     * Polls {@code virt:list --all} over the console, one ssh session per poll (a session reused
     * after an exec was found closed, and a restarting container drops it anyway), until it shows
     * every domain of the run and the running ones; returns the System.nanoTime at which it did.
     */
    static long awaitListed(KarafContainer karaf, String prefix, Size size, long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try (KarafConsole console = KarafConsole.connect(karaf.sshPort)) {
                KarafConsole.Reply reply = console.execute("virt:list --all");
                if (reply.status() == 0 && listed(reply.output(), prefix, size)) {
                    return System.nanoTime();
                }
                last = reply.output();
            } catch (IOException | RuntimeException e) {
                last = e.toString();
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        String tail = last.strip();
        throw new IOException("the container never listed " + size.domains() + " domains with " + size.running()
            + " running; last answer: " + (tail.length() > 300 ? tail.substring(0, 300) + "..." : tail));
    }

    /** Whether virsh-style {@code list --all} output shows exactly the run's domains and running guests. */
    static boolean listed(String output, String prefix, Size size) {
        int named = 0;
        int running = 0;
        for (String line : output.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 3 && cols[1].startsWith(prefix)) {
                named++;
                if (line.trim().endsWith("running")) {
                    running++;
                }
            }
        }
        return named == size.domains() && running == size.running();
    }

    /** Destroys, in process, every running guest of the run on {@code root} (the container is stopped). */
    private static void destroyAll(Path root, String prefix) {
        QemuDriver driver = QemuDriver.standalone(root);
        try (Connection conn = StandaloneConnector.create(null, driver).open("qemu:///system")) {
            for (Domain d : conn.listAllDomains()) {
                if (d.name().startsWith(prefix) && d.isActive()) {
                    d.destroy();
                }
            }
        } finally {
            driver.stop();
        }
    }

    // ---------- where jvirt puts monitor sockets when its state dir is deep (/run/jvirt/qemu-HASH) ----------

    private static final Path RUN_JVIRT = Path.of("/run/jvirt");

    private static Set<Path> runDirs() throws IOException {
        Set<Path> s = new HashSet<>();
        if (Files.isDirectory(RUN_JVIRT)) {
            try (var l = Files.list(RUN_JVIRT)) {
                l.forEach(s::add);
            }
            s.add(RUN_JVIRT);
        }
        return s;
    }

    /** Removes the run directories this scenario made, once empty (never one that was there before). */
    private static void removeNewEmptyRunDirs(Set<Path> before) {
        try {
            for (Path p : runDirs()) {
                if (!before.contains(p) && !p.equals(RUN_JVIRT)) {
                    Files.deleteIfExists(p); // fails, and stays, when not empty
                }
            }
            if (!before.contains(RUN_JVIRT)) {
                Files.deleteIfExists(RUN_JVIRT);
            }
        } catch (IOException e) {
            // not empty: something else uses it
        }
    }

    // ---------- the table ----------

    static String table(Figures f, Size size) {
        double base = f.libvirtd().median();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "| restart | median until %,d domains listed, %d running (s) | runs (s) | / libvirtd | target (issue 27) |%n",
            size.domains(), size.running()));
        sb.append("|---|---:|---|---:|---|\n");
        row(sb, "jvirt QEMU driver in process (`stop()`, new driver, first `listAllDomains`)", f.inProcess(), base, "extra row, no target", 0);
        row(sb, "jvirt: driver bundle restart (`bundle:restart " + QEMU_BUNDLE + "`)", f.bundle(), base, null, TARGET_BUNDLE);
        row(sb, "jvirt: container restart (SIGTERM, `bin/start`)", f.container(), base, null, TARGET_CONTAINER);
        row(sb, "libvirtd 9.0 restart (SIGTERM, new `libvirtd`)", f.libvirtd(), base, "baseline");
        for (var named : List.of(List.of("jvirt in process", f.inProcess()), List.of("jvirt bundle restart", f.bundle()),
            List.of("jvirt container restart", f.container()), List.of("libvirtd", f.libvirtd()))) {
            Row r = (Row) named.get(1);
            if (r.missing() != null) {
                sb.append("\n").append(named.get(0)).append(": not measured: ").append(r.missing()).append(".\n");
            }
        }
        if (archiveNote != null) {
            sb.append("\n").append(archiveNote);
        }
        sb.append(RestartTimeline.table("Where each container restart went (seconds since the SIGTERM; the log's steps from the new"
            + " container's data/log/karaf.log, the others the harness's own instants):", CONTAINER_TIMELINES));
        sb.append(RestartTimeline.table("Where each driver bundle restart went (seconds since `bundle:restart` was sent):", BUNDLE_TIMELINES));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, Row r, double base, String fixedTarget) {
        row(sb, name, r, base, fixedTarget, 1.0);
    }

    /** Issue 27's targets, as a multiple of libvirtd's restart. */
    static final double TARGET_BUNDLE = 0.8;
    static final double TARGET_CONTAINER = 2.5;

    private static void row(StringBuilder sb, String name, Row r, double base, String fixedTarget, double limit) {
        if (r.missing() != null) {
            sb.append("| ").append(name).append(" | not measured | - | - | ").append(fixedTarget == null ? "-" : fixedTarget).append(" |\n");
            return;
        }
        String runs = String.join(", ", r.seconds().stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList());
        boolean haveBase = !Double.isNaN(base) && base > 0;
        String ratio = haveBase ? String.format(Locale.ROOT, "%.2f", r.median() / base) : "-";
        String target = fixedTarget != null ? fixedTarget
            : !haveBase ? "not measured" : String.format(Locale.ROOT, "<= %.1fx: %s", limit,
                r.median() <= limit * base ? "met" : "**behind target**");
        sb.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %s |%n", name, r.median(), runs, ratio, target));
    }
}
