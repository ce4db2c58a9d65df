package io.jvirt.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.qemu.QemuDriver;

/**
 * Scenarios 1 and 3's jvirt side in child JVMs, one per set of JVM options, so that the
 * distribution's JVM settings (bin/setenv, issue 27) can be compared with the JVM's defaults that the
 * distribution ran on before (issue 27: "no slower on bench scenarios 1 and 3 than before the change").
 * The document's scenarios 1 and 3 run jvirt in the harness's own JVM, which bin/setenv never
 * reaches.
 *
 * <p>Each child runs the same code as the document's scenario ({@link TestDriverScenario#run}; for
 * scenario 3 jvirt's single starts and {@link QemuStartScenario#jvirt} 20 at once, without the raw
 * command line's interleaved starts) and prints its figures; the children run one after the other in
 * the order A B B A (scenario 1) or A B (scenario 3), so that a drift of the shared machine's speed
 * lands in both settings. {@code --only=jvm} (or 13) runs it.
 */
final class JvmSettingsScenario {

    /** A named set of JVM options. */
    record Settings(String name, List<String> options) {
    }

    private JvmSettingsScenario() {
    }

    /** What the distribution ran on before issue 27 (bin/setenv set no JVM option: the JVM's defaults). */
    static Settings before() {
        return new Settings("JVM defaults (the distribution before issue 27)", List.of());
    }

    /** The distribution's bin/setenv defaults, read from it as scenario 5's embedded side does. */
    static Settings setenv() throws IOException {
        return new Settings("bin/setenv (issue 27)", MemoryScenario.distributionJvmOptions(Files.readString(MemoryScenario.SETENV)));
    }

    /**
     * Extra settings to compare, from -Djvirt.bench.jvm.extra=NAME=OPTS;NAME=OPTS (options separated by spaces or
     * commas, so that the property survives a shell's word splitting).
     */
    static List<Settings> extra() {
        String s = System.getProperty("jvirt.bench.jvm.extra", "").replace(',', ' ');
        List<Settings> out = new ArrayList<>();
        for (String part : s.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.add(new Settings(part.substring(0, eq).trim(), List.of(part.substring(eq + 1).trim().split("\\s+"))));
            }
        }
        return out;
    }

    // ---------- the child ----------

    /** The child: {@code 1 SIZE} or {@code 3 SIZE} (SIZE: full or smoke); prints {@code RESULT key value} lines. */
    public static void main(String[] args) throws Exception {
        boolean smoke = args.length > 1 && args[1].equals("smoke");
        if (args[0].equals("1")) {
            Map<String, Double> ops = TestDriverScenario.run(smoke ? TestDriverScenario.Size.SMOKE : TestDriverScenario.Size.FULL);
            ops.forEach((k, v) -> System.out.println("RESULT " + k + " " + v));
        } else if (args[0].equals("3")) {
            QemuStartScenario.Size size = smoke ? QemuStartScenario.Size.SMOKE : QemuStartScenario.Size.FULL;
            System.out.println("RESULT single " + QemuStartScenario.median(singleStarts(size)));
            System.out.println("RESULT concurrent " + QemuStartScenario.median(QemuStartScenario.jvirt(size)));
        } else {
            throw new IllegalArgumentException("scenario 1 or 3, not " + args[0]);
        }
        System.out.flush();
        System.exit(0);
    }

    /** jvirt's single starts of scenario 3 (warm-up, then measured), milliseconds each. */
    static List<Double> singleStarts(QemuStartScenario.Size size) throws Exception {
        String prefix = QemuGuests.newPrefix();
        Path root = Files.createTempDirectory("jvirt-bench-qemu");
        QemuDriver driver = QemuDriver.standalone(root);
        Connection conn = StandaloneConnector.create(null, driver).open("qemu:///system");
        Domain one = null;
        try {
            one = conn.defineXml(QemuGuests.diskless(prefix + "one"));
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < size.warmup() + size.reps(); i++) {
                long t0 = System.nanoTime();
                one.create();
                double t = (System.nanoTime() - t0) / 1e6;
                if (one.state().state() != DomainState.RUNNING) {
                    throw new IllegalStateException(one.name() + " is " + one.state() + " after its start");
                }
                one.destroy();
                if (i >= size.warmup()) {
                    ms.add(t);
                }
            }
            return ms;
        } finally {
            QemuGuests.endQuietly(one);
            conn.close();
            driver.stop();
            QemuGuests.killLeftovers(prefix);
            Processes.deleteTree(root);
        }
    }

    // ---------- the harness's side ----------

    /** Runs scenario {@code scenario} ("1" or "3") in a child JVM with {@code s}'s options; its RESULT lines. */
    static Map<String, Double> child(String scenario, Settings s, boolean smoke) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(KarafContainer.javaHome(), "bin", "java").toString()));
        cmd.addAll(s.options());
        String conformance = System.getProperty("jvirt.conformance.dir");
        if (conformance != null) {
            cmd.add("-Djvirt.conformance.dir=" + conformance);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JvmSettingsScenario.class.getName(), scenario,
            smoke ? "smoke" : "full"));
        Path err = Files.createTempFile("jvirt-bench-jvm", ".stderr");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        Map<String, Double> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                String[] w = line.split(" ");
                if (w.length == 3 && w[0].equals("RESULT")) {
                    out.put(w[1], Double.parseDouble(w[2]));
                }
            }
        } finally {
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
        try {
            if (p.exitValue() != 0 || out.isEmpty()) {
                throw new IOException("scenario " + scenario + " in a child JVM (" + s.name() + ") failed, exit " + p.exitValue() + ": "
                    + tail(Files.readString(err)));
            }
        } finally {
            Files.deleteIfExists(err);
        }
        return out;
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    /** Both scenarios under every settings; the two tables. */
    static String tables(boolean smoke) throws Exception {
        List<Settings> all = new ArrayList<>(List.of(before(), setenv()));
        all.addAll(extra());
        StringBuilder sb = new StringBuilder();
        sb.append("JVM options of each side: ");
        for (Settings s : all) {
            sb.append(s.name()).append(": `").append(s.options().isEmpty() ? "(none)" : String.join(" ", s.options())).append("`; ");
        }
        sb.setLength(sb.length() - 2);
        sb.append(".\n\n");
        // -Djvirt.bench.jvm.scenarios=1 (or 3): one of the two only
        String which = System.getProperty("jvirt.bench.jvm.scenarios", "1,3");
        if (which.contains("1")) {
            sb.append(scenario1(all, smoke)).append('\n');
        }
        if (which.contains("3")) {
            sb.append(scenario3(all, smoke));
        }
        return sb.toString();
    }

    /** A B B A (or A B C C B A ...): every settings twice, the order reversed the second time. */
    static List<Settings> order(List<Settings> all) {
        List<Settings> o = new ArrayList<>(all);
        List<Settings> back = new ArrayList<>(all);
        java.util.Collections.reverse(back);
        o.addAll(back);
        return o;
    }

    static String scenario1(List<Settings> all, boolean smoke) throws Exception {
        Map<Settings, List<Map<String, Double>>> runs = new LinkedHashMap<>();
        for (Settings s : all) {
            runs.put(s, new ArrayList<>());
        }
        for (Settings s : order(all)) {
            runs.get(s).add(child("1", s, smoke));
        }
        StringBuilder sb = new StringBuilder("Scenario 1 (test driver, ops/s; each figure the mean of two child JVMs' medians):\n\n| operation |");
        for (Settings s : all) {
            sb.append(' ').append(s.name()).append(" |");
        }
        for (int i = 1; i < all.size(); i++) {
            sb.append(' ').append(all.get(i).name()).append(" / ").append(all.get(0).name()).append(" |");
        }
        sb.append("\n|---|").append("---:|".repeat(2 * all.size() - 1)).append('\n');
        for (String phase : TestDriverScenario.PHASES) {
            sb.append("| ").append(phase).append(" |");
            double[] v = new double[all.size()];
            for (int i = 0; i < all.size(); i++) {
                v[i] = runs.get(all.get(i)).stream().mapToDouble(m -> m.getOrDefault(phase, Double.NaN)).average().orElse(Double.NaN);
                sb.append(String.format(Locale.ROOT, " %,.0f |", v[i]));
            }
            for (int i = 1; i < all.size(); i++) {
                sb.append(String.format(Locale.ROOT, " %.2f |", v[i] / v[0]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String scenario3(List<Settings> all, boolean smoke) throws Exception {
        if (!QemuGuests.qemuInstalled()) {
            return "Scenario 3: not measured (qemu-system-x86_64 not installed).\n";
        }
        Map<Settings, Map<String, Double>> runs = new LinkedHashMap<>();
        for (Settings s : all) {
            runs.put(s, child("3", s, smoke));
        }
        StringBuilder sb = new StringBuilder("Scenario 3 (jvirt's QEMU driver in process, diskless TCG guest, ms; one child JVM each, in this order):\n\n"
            + "| JVM settings | one guest: median start (ms) | / first row | 20 at once: median until all run (ms) | / first row |\n|---|---:|---:|---:|---:|\n");
        Map<String, Double> base = runs.get(all.get(0));
        for (Settings s : all) {
            Map<String, Double> r = runs.get(s);
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.1f | %.2f |%n", s.name(), r.get("single"),
                r.get("single") / base.get("single"), r.get("concurrent"), r.get("concurrent") / base.get("concurrent")));
        }
        return sb.toString();
    }
}
