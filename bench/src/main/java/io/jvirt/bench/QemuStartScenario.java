package io.jvirt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.qemu.QemuDriver;

/**
 * Scenario 3: start-to-running latency of the diskless TCG guest ({@link QemuGuests#diskless}),
 * one guest at a time and {@link Size#concurrent()} at once, on three sides one after the other:
 * the raw QEMU command line jvirt generates (the baseline), jvirt's QEMU driver in process, and
 * libvirtd (through {@link LibvirtQemuBench}).
 *
 * <p>"Running" is the same instant on every side: QEMU has answered {@code cont}, so its vCPUs
 * run. jvirt's {@code Domain.create} and libvirt's {@code virDomainCreate} return only after that
 * reply (both spawn QEMU with -S, connect QMP, then send cont); the harness then checks, untimed,
 * that the driver reports the domain running. For the raw command line the harness spawns the argv
 * itself, connects QMP (retrying every millisecond), sends {@code cont} and stops the clock when
 * {@code query-status} says running. One clock everywhere: CLOCK_MONOTONIC (System.nanoTime).
 */
final class QemuStartScenario {

    /** Warm-up and measured starts of one guest; guests started at once, warm-up and measured rounds of that. */
    record Size(int warmup, int reps, int concurrent, int concurrentWarmup, int concurrentRounds) {
        static final Size FULL = new Size(5, 25, 20, 1, 3);
        static final Size SMOKE = new Size(0, 1, 2, 0, 1);
    }

    /** One side's figures in milliseconds, or why it has none. */
    record Side(List<Double> startMs, List<Double> concurrentMs, String missing) {
        static Side missing(String why) {
            return new Side(List.of(), List.of(), why);
        }

        boolean measured() {
            return missing == null;
        }

        double startMedian() {
            return median(startMs);
        }

        double concurrentMedian() {
            return median(concurrentMs);
        }
    }

    /** The jvirt and raw-command-line figures (libvirt's come from {@link LibvirtQemuBench}). */
    record Figures(Side raw, Side jvirt) {
    }

    private QemuStartScenario() {
    }

    static double median(List<Double> v) {
        return v.isEmpty() ? Double.NaN : TestDriverScenario.median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Both in-process sides, each with its own state directory, one after the other. */
    static Figures run(Size size) throws Exception {
        if (!QemuGuests.qemuInstalled()) {
            Side none = Side.missing("qemu-system-x86_64 not installed");
            return new Figures(none, none);
        }
        List<List<Double>> singles = singleStartsInterleaved(size);
        Side raw = new Side(singles.get(0), raw(size), null);
        Side jvirt = new Side(singles.get(1), jvirt(size), null);
        return new Figures(raw, jvirt);
    }

    /**
     * One guest started again and again on both sides, alternately (raw then jvirt, then jvirt then
     * raw, ...): on a shared two-core machine the speed of QEMU's own start drifts over minutes, and
     * measuring the sides in turns puts the same drift into both medians instead of into their ratio.
     *
     * @return the raw side's start times, then jvirt's, in milliseconds (measured rounds only)
     */
    static List<List<Double>> singleStartsInterleaved(Size size) throws Exception {
        String prefix = QemuGuests.newPrefix();
        Path rawRoot = Files.createTempDirectory("jvirt-bench-raw");
        Path jvirtRoot = Files.createTempDirectory("jvirt-bench-qemu");
        QemuDriver rawArgv = QemuDriver.standalone(rawRoot);
        QemuDriver driver = QemuDriver.standalone(jvirtRoot);
        Connection rawConn = StandaloneConnector.create(null, rawArgv).open("qemu:///system");
        Connection conn = StandaloneConnector.create(null, driver).open("qemu:///system");
        Domain one = null;
        try {
            RawQemu raw = RawQemu.of(rawConn.domainXmlToNative("qemu-argv", QemuGuests.diskless(prefix + "raw")),
                rawRoot.resolve("one.log"));
            one = conn.defineXml(QemuGuests.diskless(prefix + "one"));
            List<Double> rawMs = new ArrayList<>();
            List<Double> jvirtMs = new ArrayList<>();
            for (int i = 0; i < size.warmup() + size.reps(); i++) {
                boolean measured = i >= size.warmup();
                for (int side = 0; side < 2; side++) {
                    if ((side + i) % 2 == 0) {
                        double ms = raw.startUntilRunning();
                        raw.quit();
                        if (measured) {
                            rawMs.add(ms);
                        }
                    } else {
                        long t0 = System.nanoTime();
                        one.create();
                        double ms = (System.nanoTime() - t0) / 1e6;
                        expectRunning(one);
                        one.destroy();
                        if (measured) {
                            jvirtMs.add(ms);
                        }
                    }
                }
            }
            return List.of(rawMs, jvirtMs);
        } finally {
            QemuGuests.endQuietly(one);
            rawConn.close();
            conn.close();
            rawArgv.stop();
            driver.stop();
            QemuGuests.killLeftovers(prefix);
            Processes.deleteTree(rawRoot);
            Processes.deleteTree(jvirtRoot);
        }
    }

    // ---------- jvirt ----------

    /** jvirt's side of 20 at once: milliseconds per measured round. */
    static List<Double> jvirt(Size size) throws Exception {
        String prefix = QemuGuests.newPrefix();
        Path root = Files.createTempDirectory("jvirt-bench-qemu");
        QemuDriver driver = QemuDriver.standalone(root);
        Connection conn = StandaloneConnector.create(null, driver).open("qemu:///system");
        List<Domain> defined = new ArrayList<>();
        try {
            List<Domain> many = new ArrayList<>();
            for (int i = 0; i < size.concurrent(); i++) {
                many.add(conn.defineXml(QemuGuests.diskless(prefix + i)));
            }
            defined.addAll(many);
            List<Double> rounds = new ArrayList<>();
            for (int r = 0; r < size.concurrentWarmup() + size.concurrentRounds(); r++) {
                double ms = concurrently(many.size(), i -> many.get(i).create());
                for (Domain d : many) {
                    expectRunning(d);
                    d.destroy();
                }
                if (r >= size.concurrentWarmup()) {
                    rounds.add(ms);
                }
            }
            return rounds;
        } finally {
            for (Domain d : defined) {
                try {
                    if (d.isActive()) {
                        d.destroy();
                    }
                    d.undefine();
                } catch (RuntimeException e) {
                    // the leftover check below ends its QEMU anyway
                }
            }
            conn.close();
            driver.stop();
            QemuGuests.killLeftovers(prefix);
            Processes.deleteTree(root);
        }
    }

    private static void expectRunning(Domain d) {
        if (d.state().state() != DomainState.RUNNING) {
            throw new IllegalStateException(d.name() + " is " + d.state() + " after its start, not running");
        }
    }

    /** A start of guest {@code i}. */
    interface Start {
        void start(int i) throws Exception;
    }

    /**
     * Runs {@code n} starts from {@code n} threads released together; milliseconds from their
     * release until the last one returned.
     */
    static double concurrently(int n, Start start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier go = new CyclicBarrier(n + 1);
            List<Future<Long>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int guest = i;
                done.add(pool.submit(() -> {
                    go.await();
                    start.start(guest);
                    return System.nanoTime();
                }));
            }
            go.await();
            long t0 = System.nanoTime();
            long last = t0;
            for (Future<Long> f : done) {
                last = Math.max(last, f.get());
            }
            return (last - t0) / 1e6;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------- the raw command line ----------

    /**
     * The baseline: jvirt's own argv for the same document ({@code domxml-to-native qemu-argv},
     * one per guest name, so each has its own monitor socket), spawned by the harness. jvirt's
     * driver is used only to print the argv; it starts nothing here.
     */
    static List<Double> raw(Size size) throws Exception {
        String prefix = QemuGuests.newPrefix();
        Path root = Files.createTempDirectory("jvirt-bench-raw");
        QemuDriver driver = QemuDriver.standalone(root);
        Connection conn = StandaloneConnector.create(null, driver).open("qemu:///system");
        try {
            List<RawQemu> many = new ArrayList<>();
            for (int i = 0; i < size.concurrent(); i++) {
                many.add(RawQemu.of(conn.domainXmlToNative("qemu-argv", QemuGuests.diskless(prefix + i)), root.resolve(i + ".log")));
            }
            List<Double> rounds = new ArrayList<>();
            for (int r = 0; r < size.concurrentWarmup() + size.concurrentRounds(); r++) {
                try {
                    double ms = concurrently(many.size(), i -> many.get(i).startUntilRunning());
                    if (r >= size.concurrentWarmup()) {
                        rounds.add(ms);
                    }
                } finally {
                    for (RawQemu q : many) {
                        q.quit();
                    }
                }
            }
            return rounds;
        } finally {
            conn.close();
            driver.stop();
            QemuGuests.killLeftovers(prefix);
            Processes.deleteTree(root);
        }
    }

    // ---------- the table ----------

    /** The targets of issue 10: at most 10% above the raw command line, and below libvirtd. */
    static final double RAW_TARGET = 1.10;

    static String table(Figures f, Side libvirt, Size size) {
        StringBuilder sb = new StringBuilder();
        sb.append("| side | one guest: median start (ms) | min | max | / raw | ")
            .append(size.concurrent()).append(" at once: median until all run (ms) | / raw |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|\n");
        row(sb, "raw command line (jvirt's argv, spawned by the harness)", f.raw(), f.raw());
        row(sb, "jvirt QEMU driver (in process, `Domain.create`)", f.jvirt(), f.raw());
        row(sb, "libvirtd 9.0 (C API, `virDomainCreate`)", libvirt, f.raw());
        sb.append("\n| target | figure | status |\n|---|---:|---|\n");
        target(sb, "one guest: jvirt <= 1.10 x raw", f.jvirt().startMedian(), f.raw().startMedian(), RAW_TARGET);
        target(sb, "one guest: jvirt < libvirtd", f.jvirt().startMedian(), libvirt.startMedian(), 1.0);
        target(sb, size.concurrent() + " at once: jvirt <= 1.10 x raw", f.jvirt().concurrentMedian(), f.raw().concurrentMedian(), RAW_TARGET);
        target(sb, size.concurrent() + " at once: jvirt < libvirtd", f.jvirt().concurrentMedian(), libvirt.concurrentMedian(), 1.0);
        for (var side : List.of(List.of("raw command line", f.raw()), List.of("jvirt", f.jvirt()), List.of("libvirtd", libvirt))) {
            Side s = (Side) side.get(1);
            if (!s.measured()) {
                sb.append("\n").append(side.get(0)).append(": not measured: ").append(s.missing()).append(".\n");
            }
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, Side s, Side raw) {
        if (!s.measured()) {
            sb.append("| ").append(name).append(" | not measured | - | - | - | not measured | - |\n");
            return;
        }
        sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %s | %.1f | %s |%n", name, s.startMedian(),
            s.startMs().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
            s.startMs().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
            ratio(s.startMedian(), raw.startMedian()), s.concurrentMedian(), ratio(s.concurrentMedian(), raw.concurrentMedian())));
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    /** "met" when jvirt / baseline is at most {@code limit} (strictly below when the limit is 1: "below libvirtd"). */
    private static void target(StringBuilder sb, String what, double jvirt, double base, double limit) {
        if (Double.isNaN(jvirt) || Double.isNaN(base) || base <= 0) {
            sb.append("| ").append(what).append(" | - | not measured |\n");
            return;
        }
        double r = jvirt / base;
        boolean met = limit == 1.0 ? r < 1.0 : r <= limit;
        sb.append(String.format(Locale.ROOT, "| %s | %.2f | %s |%n", what, r, met ? "met" : "**behind target**"));
    }

    /** Writes {@link QemuGuests#diskless} documents for the C side: {@code dir/one.xml} and {@code dir/0.xml ..}. */
    static void writeGuestFiles(Path dir, String prefix, int concurrent) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("one.xml"), QemuGuests.diskless(prefix + "one"));
        for (int i = 0; i < concurrent; i++) {
            Files.writeString(dir.resolve(i + ".xml"), QemuGuests.diskless(prefix + i));
        }
    }
}
