package io.jvirt.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * Scenario 1, jvirt's side: the test driver's operations per second through io.jvirt.api, in
 * process (StandaloneConnector + TestDriver, no OSGi), phase by phase exactly as libvirt's side
 * (bench/src/main/c/testdriver_bench.c) does them on test:///default.
 *
 * <p>Not JMH: a phase is a state transition of N domains (define them all, start them all...) and
 * cannot be repeated in place, so both sides run whole rounds the same way: warm-up rounds, then
 * measured rounds timed with System.nanoTime (CLOCK_MONOTONIC, as the C side); a phase's figure is
 * its median over the measured rounds (one GC pause or a neighbour's build on this shared machine
 * must not decide a 10,000-operation phase that lasts milliseconds).
 */
public final class TestDriverScenario {

    /** The phases, in the order both sides run them. */
    public static final List<String> PHASES = List.of(
        "define", "listAll", "lookupByName", "dumpxml", "create", "getInfo", "destroy", "undefine");

    /** Sizes of a run: domains, listAllDomains calls per round, warm-up and measured rounds. */
    public record Size(int domains, int listRepeats, int warmupRounds, int measuredRounds) {
        public static final Size FULL = new Size(10_000, 10, 3, 5);
        public static final Size SMOKE = new Size(50, 2, 0, 1);

        /** The C program's arguments for the same run. */
        List<String> args() {
            return List.of(Integer.toString(domains), Integer.toString(listRepeats),
                Integer.toString(warmupRounds), Integer.toString(measuredRounds));
        }
    }

    private TestDriverScenario() {
    }

    /**
     * Must stay byte-for-byte the template of domain_xml() in testdriver_bench.c: both sides parse
     * and store the same document.
     */
    static String domainXml(int i) {
        // Plain concatenation, not String.format: the harness must not cost more than the C side's
        // snprintf, or it would be measured as jvirt's define time.
        String n = Integer.toString(i);
        return "<domain type='test'><name>bench-" + n + "</name>"
            + "<uuid>6a1e0000-0000-4000-8000-" + "0".repeat(Math.max(0, 12 - n.length())) + n + "</uuid>"
            + "<memory unit='KiB'>8192</memory><vcpu>1</vcpu>"
            + "<os><type>hvm</type></os></domain>";
    }

    /** Phase -> median operations per second over the measured rounds, in {@link #PHASES} order. */
    public static Map<String, Double> run(Size size) {
        Connector connector = StandaloneConnector.create(null, new TestDriver());
        Connection conn = connector.open("test:///default");
        try {
            for (int r = 0; r < size.warmupRounds(); r++) {
                round(conn, size);
            }
            List<Map<String, Double>> measured = new ArrayList<>();
            for (int r = 0; r < size.measuredRounds(); r++) {
                measured.add(round(conn, size));
            }
            Map<String, Double> medians = new LinkedHashMap<>();
            for (String phase : PHASES) {
                medians.put(phase, median(measured.stream().mapToDouble(m -> m.get(phase)).toArray()));
            }
            return medians;
        } finally {
            conn.close();
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static Map<String, Double> round(Connection conn, Size size) {
        int n = size.domains();
        Map<String, Double> ops = new LinkedHashMap<>();
        // The XML is built inside the timed loop, as the C side formats it inside its loop.
        List<Domain> doms = new ArrayList<>(n);
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            doms.add(conn.defineXml(domainXml(i)));
        }
        ops.put("define", perSecond(n, t));

        t = System.nanoTime();
        for (int i = 0; i < size.listRepeats(); i++) {
            if (conn.listAllDomains().size() < n) {
                throw new IllegalStateException("listAllDomains lost domains");
            }
        }
        ops.put("listAll", perSecond(size.listRepeats(), t));

        t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            conn.lookupByName("bench-" + i);
        }
        ops.put("lookupByName", perSecond(n, t));

        ops.put("dumpxml", timeEach(doms, d -> d.xmlDesc()));
        ops.put("create", timeEach(doms, d -> d.create()));
        ops.put("getInfo", timeEach(doms, d -> d.info()));
        ops.put("destroy", timeEach(doms, d -> d.destroy()));
        ops.put("undefine", timeEach(doms, d -> d.undefine()));
        return ops;
    }

    private static double timeEach(List<Domain> doms, java.util.function.Consumer<Domain> op) {
        long t = System.nanoTime();
        for (Domain d : doms) {
            op.accept(d);
        }
        return perSecond(doms.size(), t);
    }

    private static double perSecond(int ops, long startNanos) {
        return ops / ((System.nanoTime() - startNanos) / 1e9);
    }

    /** The target of issue 10: at least twice libvirt's operations per second on every phase. */
    static final double TARGET_RATIO = 2.0;

    /** One row per phase: jvirt, libvirt, the ratio, and whether it meets the target. */
    static String table(Map<String, Double> jvirt, LibvirtTestDriverBench.Outcome libvirt) {
        StringBuilder sb = new StringBuilder(
            "| operation | jvirt ops/s | libvirt 9.0 ops/s | jvirt / libvirt | target (>= 2x) |\n|---|---:|---:|---:|---|\n");
        for (String phase : PHASES) {
            double j = jvirt.getOrDefault(phase, Double.NaN);
            if (!libvirt.measured()) {
                sb.append(String.format(java.util.Locale.ROOT, "| %s | %,.0f | not measured | - | - |%n", phase, j));
                continue;
            }
            double l = libvirt.opsPerSecond().get(phase);
            double ratio = j / l;
            sb.append(String.format(java.util.Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %s |%n", phase, j, l, ratio,
                ratio >= TARGET_RATIO ? "met" : "**behind target**"));
        }
        if (!libvirt.measured()) {
            sb.append("\nlibvirt side: ").append(libvirt.missing()).append(".\n");
        }
        return sb.toString();
    }
}
