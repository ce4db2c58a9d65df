package io.jvirt.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;
import io.jvirt.server.RemoteServer;
import io.jvirt.server.ServerSettings;

/**
 * Scenario 6: libvirt's RPC protocol served, the same libvirt-python script (Debian's
 * python3-libvirt 9.0; {@code rpc_bench.py} beside this class) against libvirtd's test driver and
 * against jvirt's server, one after the other in the same run: ops/s of six operations with one
 * client and with {@link Size#concurrent} client processes, then the server's resident size with
 * {@link Size#idleClients} idle clients connected.
 *
 * <ul>
 * <li>libvirtd: {@link TestDriverLibvirtd} (built-in drivers only), {@code test+unix:///default?socket=...}.</li>
 * <li>jvirt: the Karaf distribution (karaf-dist's archive, -Djvirt.bench.dist), started with
 * {@code bin/start}, over its default socket {@code data/run/libvirt-sock}, the same URI; in smoke
 * mode the server embedded in this JVM ({@link RemoteServer} on a {@link StandaloneConnector} with
 * the test driver), which keeps the harness working without Karaf.</li>
 * </ul>
 */
final class RpcScenario {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final List<String> OPS = List.of("open", "list", "lookup", "dumpxml", "define", "info");
    static final Map<String, String> LABELS = Map.of(
        "open", "open + close (`libvirt.open`, `close`)",
        "list", "list all domains (`listAllDomains(0)`)",
        "lookup", "lookup by name (`lookupByName`)",
        "dumpxml", "dumpxml (`XMLDesc(0)`)",
        "define", "define + undefine (`defineXML`, `undefine`)",
        "info", "domain info (`info()`)");
    private static final Pattern ROW = Pattern.compile(
        "\"op\": \"(\\w+)\", \"clients\": (\\d+), \"ops_per_s\": ([0-9.eE+-]+), \"calls\": (\\d+), \"cpu_s\": ([0-9.eE+-]+)");
    /** The cores the clients and the server share (the ceiling of the concurrent rows divides the clients' CPU by them). */
    static final int CORES = Runtime.getRuntime().availableProcessors();

    /**
     * @param domains     domains defined before the rows (bench-0 ...), listed whole by "list"
     * @param warmup      seconds each worker runs an operation before it counts
     * @param seconds     seconds counted per row
     * @param concurrent  client processes of the concurrent rows
     * @param idleClients connections held open for the memory row
     * @param settle      seconds before each size is read
     */
    record Size(int domains, double warmup, double seconds, int concurrent, int idleClients, int settle) {
        static final Size FULL = new Size(1_000, 1.5, 3, 20, 500, 3);
        static final Size SMOKE = new Size(10, 0.05, 0.2, 2, 3, 0);
    }

    /**
     * One server's figures: ops/s per operation for 1 and for N clients; the client processes' own CPU
     * microseconds per operation in those rows (their CPU over the counted loops summed, divided by
     * their calls); RSS in KiB; or why not measured.
     */
    record Side(Map<String, Double> single, Map<String, Double> concurrent, Map<String, Double> singleClientCpuUs,
                Map<String, Double> concurrentClientCpuUs, long rssBeforeKiB, long rssIdleClientsKiB, String missing) {
        static Side missing(String why) {
            return new Side(Map.of(), Map.of(), Map.of(), Map.of(), -1, -1, why);
        }

        Map<String, Double> ops(int clients) {
            return clients == 1 ? single : concurrent;
        }

        Map<String, Double> clientCpuUs(int clients) {
            return clients == 1 ? singleClientCpuUs : concurrentClientCpuUs;
        }

        long rssDeltaKiB() {
            return rssBeforeKiB < 0 || rssIdleClientsKiB < 0 ? -1 : rssIdleClientsKiB - rssBeforeKiB;
        }
    }

    private RpcScenario() {
    }

    /** Null when the client is installed, else why not. */
    static String clientUnavailable() {
        return Files.isExecutable(PYTHON) && Files.exists(Path.of("/usr/lib/python3/dist-packages/libvirt.py"))
            ? null : "python3-libvirt not installed";
    }

    static Side libvirtd(Size size) throws IOException, InterruptedException {
        String why = clientUnavailable() != null ? clientUnavailable() : TestDriverLibvirtd.unavailable();
        if (why != null) {
            return Side.missing(why);
        }
        try (TestDriverLibvirtd daemon = TestDriverLibvirtd.start()) {
            return measure(daemon.testUri(), daemon.pid(), size, daemon.tmp());
        }
    }

    /** jvirt's Karaf distribution, over its default socket. */
    static Side jvirtDistribution(Size size) throws IOException, InterruptedException {
        if (clientUnavailable() != null) {
            return Side.missing(clientUnavailable());
        }
        Path archive = KarafContainer.archive();
        if (archive == null) {
            return Side.missing("karaf-dist archive not built (-D" + KarafContainer.DIST_PROPERTY + ")");
        }
        try (KarafContainer karaf = KarafContainer.unpack(archive, "jvirt-bench-rpc")) {
            long pid = karaf.start();
            Path socket = karaf.home.resolve("data/run/libvirt-sock");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.exists(socket)) {
                if (System.nanoTime() > end || ProcessHandle.of(pid).isEmpty()) {
                    return Side.missing("the distribution made no socket " + socket);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            return measure("test+unix:///default?socket=" + socket, pid, size, karaf.tmp());
        }
    }

    /** The server embedded in this JVM (smoke mode: no Karaf); its size is this whole JVM's. */
    static Side jvirtEmbedded(Size size) throws IOException, InterruptedException {
        if (clientUnavailable() != null) {
            return Side.missing(clientUnavailable());
        }
        Path tmp = Files.createTempDirectory("jvirt-bench-rpc");
        try (RemoteServer server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()),
            ServerSettings.defaults(tmp.resolve("libvirt-sock")))) {
            return measure("test+unix:///default?socket=" + tmp.resolve("libvirt-sock"), ProcessHandle.current().pid(), size, tmp);
        } finally {
            Processes.deleteTree(tmp);
        }
    }

    private static Side measure(String uri, long serverPid, Size size, Path tmp) throws IOException, InterruptedException {
        Path script = writeScript(tmp, "rpc_bench.py");
        Processes.Result r = Processes.run(tmp, List.of(PYTHON.toString(), script.toString(), uri,
            "--domains", Integer.toString(size.domains()), "--warmup", Double.toString(size.warmup()),
            "--seconds", Double.toString(size.seconds()), "--clients", "1," + size.concurrent()), Map.of(), 1800);
        Map<String, Double> single = new LinkedHashMap<>();
        Map<String, Double> concurrent = new LinkedHashMap<>();
        Map<String, Double> singleCpu = new LinkedHashMap<>();
        Map<String, Double> concurrentCpu = new LinkedHashMap<>();
        Matcher m = ROW.matcher(r.output());
        while (m.find()) {
            boolean one = Integer.parseInt(m.group(2)) == 1;
            (one ? single : concurrent).put(m.group(1), Double.parseDouble(m.group(3)));
            long calls = Long.parseLong(m.group(4));
            (one ? singleCpu : concurrentCpu).put(m.group(1), calls > 0 ? Double.parseDouble(m.group(5)) * 1e6 / calls : Double.NaN);
        }
        if (r.rc() != 0 || single.size() != OPS.size() || concurrent.size() != OPS.size()) {
            return Side.missing("the client script failed (" + r.rc() + "): " + tail(r.output()));
        }
        TimeUnit.SECONDS.sleep(size.settle());
        long before = Processes.rssKiB(serverPid);
        long with = idleClients(uri, serverPid, size, script);
        return new Side(single, concurrent, singleCpu, concurrentCpu, before, with, null);
    }

    /**
     * Writes the libvirt-python script {@code name} (a resource beside this class) into {@code dir}
     * with the row runner it imports ({@code bench_rows.py}, shared by scenarios 6 and 7's scripts).
     */
    static Path writeScript(Path dir, String name) throws IOException {
        for (String file : List.of("bench_rows.py", name)) {
            try (InputStream in = RpcScenario.class.getResourceAsStream(file)) {
                Files.write(dir.resolve(file), in.readAllBytes());
            }
        }
        return dir.resolve(name);
    }

    /** Opens the idle connections from one client process and reads the server's size while they stay open. */
    private static long idleClients(String uri, long serverPid, Size size, Path script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), uri, "--idle", Integer.toString(size.idleClients()))
            .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("OPEN ")) {
                seen.add(line);
            }
            if (line == null) {
                throw new IOException("the idle clients did not connect: " + String.join("\n", seen));
            }
            TimeUnit.SECONDS.sleep(size.settle());
            return Processes.rssKiB(serverPid);
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    static String table(Side jvirt, Side libvirtd, Size size) {
        return table(jvirt, libvirtd, size, CORES);
    }

    /** The table with the ceilings of the concurrent rows for {@code cores} cores. */
    static String table(Side jvirt, Side libvirtd, Size size, int cores) {
        StringBuilder sb = new StringBuilder();
        sb.append("| operation | clients | jvirt ops/s | libvirtd 9.0 ops/s | jvirt / libvirtd "
                + "| client CPU us/op (vs jvirt / vs libvirtd) | ceiling | target (>= 2x) |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (int clients : new int[] {1, size.concurrent()}) {
            for (String op : OPS) {
                double j = jvirt.ops(clients).getOrDefault(op, Double.NaN);
                double l = libvirtd.ops(clients).getOrDefault(op, Double.NaN);
                double cj = jvirt.clientCpuUs(clients).getOrDefault(op, Double.NaN);
                double cl = libvirtd.clientCpuUs(clients).getOrDefault(op, Double.NaN);
                boolean both = !Double.isNaN(j) && !Double.isNaN(l) && l > 0;
                double ceiling = both ? ceiling(l, cj, Math.min(clients, cores)) : Double.NaN;
                String target = !both ? "not measured"
                    : j / l >= 2 ? "met"
                    : !Double.isNaN(ceiling) && ceiling < 2
                        ? "**behind target**, ceiling " + ceilingText(ceiling) + ": unreachable"
                        : "**behind target**";
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s / %s | %s | %s |%n", LABELS.get(op), clients,
                    ops(j), ops(l), both ? String.format(Locale.ROOT, "%.2f", j / l) : "-", us(cj), us(cl),
                    Double.isNaN(ceiling) ? "-" : ceilingText(ceiling), target));
            }
        }
        sb.append(String.format(Locale.ROOT, "%n| server | RSS before (MiB) | RSS with %d idle clients (MiB) | delta (MiB) | per client (KiB) | delta jvirt / libvirtd |%n",
            size.idleClients()));
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        sb.append(memoryRow("jvirt", jvirt, libvirtd, size));
        sb.append(memoryRow("libvirtd 9.0", libvirtd, libvirtd, size));
        if (jvirt.missing() != null) {
            sb.append("\njvirt: not measured: ").append(jvirt.missing()).append(".\n");
        }
        if (libvirtd.missing() != null) {
            sb.append("\nlibvirtd: not measured: ").append(libvirtd.missing()).append(".\n");
        }
        return sb.toString();
    }

    /**
     * The best jvirt / libvirtd ratio any server could reach with this client on this machine: the
     * server taking no time at all, a row's rate is bounded by its clients' own CPU per operation
     * (the row's summed CPU over its summed calls, measured against jvirt) spread over the cores the
     * clients can use at once, {@code cores} = min(clients, the machine's cores): one client, one
     * core; 20 clients on 2 cores, both, shared with the server. So ceiling = libvirtd's microseconds
     * per operation (10^6 / its ops/s) / (clientCpuUs / cores). NaN when the client's CPU was not measured.
     */
    static double ceiling(double libvirtdOpsPerS, double clientCpuUs, int cores) {
        if (Double.isNaN(clientCpuUs) || clientCpuUs <= 0 || libvirtdOpsPerS <= 0) {
            return Double.NaN;
        }
        return (1e6 / libvirtdOpsPerS) / (clientCpuUs / cores);
    }

    private static String memoryRow(String name, Side s, Side base, Size size) {
        long d = s.rssDeltaKiB();
        long b = base.rssDeltaKiB();
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", name, mib(s.rssBeforeKiB()), mib(s.rssIdleClientsKiB()),
            mib(d), d < 0 ? "-" : String.format(Locale.ROOT, "%.0f", (double) d / size.idleClients()),
            d < 0 || b <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) d / b));
    }

    private static String ops(double v) {
        return Double.isNaN(v) ? "not measured" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** Rounded down to two decimals, so that a ceiling under 2 never prints as 2.00. */
    private static String ceilingText(double ceiling) {
        return String.format(Locale.ROOT, "%.2f", Math.floor(ceiling * 100) / 100);
    }

    private static String us(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String mib(long kib) {
        return kib < 0 ? "not measured" : String.format(Locale.ROOT, "%.1f", kib / 1024.0);
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 400 ? "..." + t.substring(t.length() - 400) : t;
    }
}
