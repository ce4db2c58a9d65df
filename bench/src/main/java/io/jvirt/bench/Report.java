package io.jvirt.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every scenario of issue 10, each side by side with its baseline in the same run, and writes
 * docs/PERFORMANCE.md (its text: {@link Document}). {@code --smoke} runs a tiny, meaningless configuration only to keep the
 * harness working (CI); it writes nothing unless an output file is given.
 */
public final class Report {

    /** A benchmark's throughput and the half-width of its 99.9% confidence interval. */
    record Score(double opsPerSecond, double error) {
    }

    private Report() {
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = java.util.Arrays.asList(args).contains("--smoke");
        Path out = null;
        for (String a : args) {
            if (a.startsWith("--out=")) {
                out = Path.of(a.substring(6));
            }
        }
        for (String a : args) {
            if (a.equals("--only=6") && out != null && Files.isRegularFile(out) && !smoke) {
                // scenario 6 alone, written into the existing document in place of its section
                String rpc = Document.rpcSection(rpcTable(false), false);
                Files.writeString(out, Document.withSection(Files.readString(out), 6, rpc));
                System.out.println(rpc + "\nwrote section 6 of " + out.toAbsolutePath());
                return;
            }
            if (a.startsWith("--only=")) {
                printOnly(java.util.Set.of(a.substring(7).split(",")), smoke, out);
                return;
            }
        }
        // one scenario after the other, never side by side: each has both machines' cores
        TestDriverScenario.Size size = smoke ? TestDriverScenario.Size.SMOKE : TestDriverScenario.Size.FULL;
        Map<String, Double> jvirtOps = TestDriverScenario.run(size);
        LibvirtTestDriverBench.Outcome libvirtOps = LibvirtTestDriverBench.run(size);
        String testDriverTable = TestDriverScenario.table(jvirtOps, libvirtOps);
        String xmlTable = xmlTable(run(smoke));
        String qemuStartTable = qemuStartTable(smoke);
        String qemuRestartTable = qemuRestartTable(smoke);
        String memoryTable = smoke
            ? "Not measured in smoke mode (it starts the Karaf distribution and libvirtd).\n"
            : MemoryScenario.table(MemoryScenario.jvirt(), MemoryScenario.embeddedFelix(), MemoryScenario.libvirtd());
        String rpcTable = rpcTable(smoke);
        String doc = Document.render(new Document.Tables(testDriverTable, xmlTable, qemuStartTable, qemuRestartTable, memoryTable,
            rpcTable), size, smoke);
        doc = RemoteClientScenario.intoDocument(doc, smoke);
        if (out != null) {
            Files.writeString(out, doc);
            System.out.println("wrote " + out.toAbsolutePath());
        } else {
            System.out.println(doc);
        }
    }

    /**
     * {@code --only=1,3,4,5,6,7,jvm}: runs just those scenarios (1: the test driver; 3, 4: QEMU; 5: memory; 6: the RPC
     * server; 7: jvirt as libvirtd's client; jvm: scenarios 1 and 3's jvirt side in child JVMs, the JVM's defaults
     * against the distribution's bin/setenv, {@link JvmSettingsScenario}) and prints their tables; with {@code --out=FILE}, scenario 5 replaces its section of FILE in place; no other
     * document (to work on one scenario without the half hour of a full run).
     */
    private static void printOnly(java.util.Set<String> which, boolean smoke, Path out) throws Exception {
        if (which.contains("1")) {
            TestDriverScenario.Size size = smoke ? TestDriverScenario.Size.SMOKE : TestDriverScenario.Size.FULL;
            System.out.println(TestDriverScenario.table(TestDriverScenario.run(size), LibvirtTestDriverBench.run(size)));
        }
        if (which.contains("3")) {
            System.out.println(qemuStartTable(smoke));
        }
        if (which.contains("4")) {
            System.out.println(qemuRestartTable(smoke));
        }
        if (which.contains("5")) {
            String table = MemoryScenario.table(MemoryScenario.jvirt(), MemoryScenario.embeddedFelix(), MemoryScenario.libvirtd());
            System.out.println(table);
            if (out != null) { // section 5 replaced in place, the other sections' figures left as they were
                Files.writeString(out, Document.withMemorySection(Files.readString(out), table));
                System.out.println("updated section 5 of " + out.toAbsolutePath());
            }
        }
        if (which.contains("6")) {
            System.out.println(rpcTable(smoke));
        }
        if (which.contains("7")) {
            RemoteClientScenario.only(smoke, out);
        }
        if (which.contains("jvm")) {
            System.out.println(JvmSettingsScenario.tables(smoke));
        }
    }

    /**
     * Scenario 6: libvirtd, jvirt (the distribution; in smoke mode the server embedded in this JVM,
     * and no libvirtd) and the floor server, measured in turn row by row.
     */
    static String rpcTable(boolean smoke) throws Exception {
        RpcScenario.Size size = smoke ? RpcScenario.Size.SMOKE : RpcScenario.Size.FULL;
        RpcScenario.Figures f = RpcScenario.run(size, smoke);
        return RpcScenario.table(f.jvirt(), f.libvirtd(), f.floor(), size);
    }

    /** Scenario 3: the raw command line and jvirt in process; libvirtd too, except in smoke mode. */
    static String qemuStartTable(boolean smoke) throws Exception {
        QemuStartScenario.Size size = smoke ? QemuStartScenario.Size.SMOKE : QemuStartScenario.Size.FULL;
        QemuStartScenario.Figures jvirtAndRaw = QemuStartScenario.run(size);
        QemuStartScenario.Side libvirt = smoke
            ? QemuStartScenario.Side.missing("smoke mode: libvirtd is not started")
            : LibvirtQemuBench.starts(size);
        return QemuStartScenario.table(jvirtAndRaw, libvirt, size);
    }

    /** Scenario 4: in smoke mode only the in-process restart, at a tiny size. */
    static String qemuRestartTable(boolean smoke) throws Exception {
        QemuRestartScenario.Size size = smoke ? QemuRestartScenario.Size.SMOKE : QemuRestartScenario.Size.full();
        QemuRestartScenario.Figures jvirt = QemuRestartScenario.jvirt(size, !smoke);
        QemuRestartScenario.Row libvirtd = smoke
            ? QemuRestartScenario.Row.missing("smoke mode: libvirtd is not started")
            : QemuRestartScenario.libvirtd(size);
        return QemuRestartScenario.table(jvirt.withLibvirtd(libvirtd), size);
    }

    /** Benchmark name -> score. */
    static Map<String, Score> run(boolean smoke) throws RunnerException {
        OptionsBuilder b = new OptionsBuilder();
        b.include(DomainXmlBenchmark.class.getName() + ".*");
        if (smoke) {
            b.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                .measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
        } else {
            b.forks(1).warmupIterations(5).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2));
            String conformance = System.getProperty("jvirt.conformance.dir");
            if (conformance != null) {
                b.jvmArgsAppend("-Djvirt.conformance.dir=" + conformance);
            }
        }
        Options options = b.build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Score> ops = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.') + 1);
            ops.put(shortName, new Score(r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
        }
        return ops;
    }

    static String xmlTable(Map<String, Score> ops) {
        Score none = new Score(Double.NaN, Double.NaN);
        double base = ops.getOrDefault("staxScanBaseline", none).opsPerSecond();
        StringBuilder sb = new StringBuilder();
        sb.append("| benchmark | documents/s | ± (99.9%) | ratio to the StAX scan baseline |\n|---|---:|---:|---:|\n");
        for (String name : new String[] {"parseAndFormat", "parse", "staxScanBaseline"}) {
            double v = ops.getOrDefault(name, none).opsPerSecond();
            double err = ops.getOrDefault(name, none).error();
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f |%n", name, v, err, v / base));
        }
        return sb.toString();
    }
}
