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
 * python3-libvirt 9.0; {@code rpc_bench.py} beside this class) against libvirtd's test driver,
 * jvirt's server and the floor server, all three running at once and measured in turn row by row
 * ({@link Size#rounds} rounds, a row's figure the median): ops/s of six operations with one client
 * and with {@link Size#concurrent} client processes, then each server's resident size with
 * {@link Size#idleClients} idle clients connected.
 *
 * <ul>
 * <li>libvirtd: {@link TestDriverLibvirtd} (built-in drivers only), {@code test+unix:///default?socket=...}.</li>
 * <li>jvirt: the Karaf distribution (karaf-dist's archive, -Djvirt.bench.dist), started with
 * {@code bin/start}, over its default socket {@code data/run/libvirt-sock}, the same URI; in smoke
 * mode the server embedded in this JVM ({@link RemoteServer} on a {@link StandaloneConnector} with
 * the test driver), which keeps the harness working without Karaf.</li>
 * <li>the floor: bench/src/main/c/rpc_floor.c, a C server that does no work (the least a server can
 * cost this client here).</li>
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
        "\"op\": \"(\\w+)\", \"clients\": (\\d+), \"ops_per_s\": ([0-9.eE+-]+), \"calls\": (\\d+), \"cpu_s\": ([0-9.eE+-]+), "
            + "\"server\": (\\d+), \"round\": (\\d+)");
    /** The floor server's binary (bench/src/main/c/rpc_floor.c, built by bench/run.sh). */
    static final String FLOOR_PROPERTY = "jvirt.bench.rpc.floor";
    /** The cores the clients and the server share (the ceiling of the concurrent rows divides the clients' CPU by them). */
    static final int CORES = Runtime.getRuntime().availableProcessors();

    /**
     * @param domains     domains defined before the rows (bench-0 ...), listed whole by "list"
     * @param warmup      seconds each worker runs an operation before it counts
     * @param seconds     seconds counted per row
     * @param concurrent  client processes of the concurrent rows
     * @param idleClients connections held open for the memory row
     * @param settle      seconds before each size is read
     * @param rounds      rounds of each row, the servers in turn in each (a row's figure: the median)
     */
    record Size(int domains, double warmup, double seconds, int concurrent, int idleClients, int settle, int rounds) {
        static final Size FULL = new Size(1_000, 1.5, 3, 20, 500, 3, 3);
        static final Size SMOKE = new Size(10, 0.05, 0.2, 2, 3, 0, 1);
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

    /** The three sides of one run. */
    record Figures(Side jvirt, Side libvirtd, Side floor) {
    }

    /** A server started for the scenario: the URI the script connects to, the pid whose size is read. */
    private record Started(String name, String uri, long pid, Path tmp) {
    }

    /**
     * Starts every server (libvirtd's test driver, jvirt, the floor; in smoke mode jvirt's server
     * embedded in this JVM and no libvirtd), runs the script once against all of them, row by row
     * ({@link Size#rounds} rounds, the servers in turn: see rpc_bench.py), then reads each one's size
     * with the idle clients. A server that cannot start is a side "not measured" with the reason.
     */
    static Figures run(Size size, boolean smoke) throws Exception {
        if (clientUnavailable() != null) {
            Side none = Side.missing(clientUnavailable());
            return new Figures(none, none, none);
        }
        Map<String, String> missing = new LinkedHashMap<>();
        List<Started> started = new ArrayList<>();
        List<AutoCloseable> stops = new ArrayList<>();
        try {
            if (smoke) {
                missing.put("libvirtd", "smoke mode: libvirtd is not started");
            } else if (TestDriverLibvirtd.unavailable() != null) {
                missing.put("libvirtd", TestDriverLibvirtd.unavailable());
            } else {
                TestDriverLibvirtd daemon = TestDriverLibvirtd.start();
                stops.add(daemon);
                started.add(new Started("libvirtd", daemon.testUri(), daemon.pid(), daemon.tmp()));
            }
            if (smoke) {
                startEmbedded(started, stops);
            } else {
                startDistribution(started, stops, missing);
            }
            String floorBin = System.getProperty(FLOOR_PROPERTY);
            if (floorBin == null || !Files.isExecutable(Path.of(floorBin))) {
                missing.put("floor", "rpc_floor not built (bench/run.sh builds it with gcc: -D" + FLOOR_PROPERTY + ")");
            } else {
                startFloor(floorBin, started, stops, missing);
            }
            Map<String, Side> sides = measure(started, size);
            missing.forEach((name, why) -> sides.put(name, Side.missing(why)));
            return new Figures(sides.get("jvirt"), sides.get("libvirtd"), sides.get("floor"));
        } finally {
            closeAll(stops);
        }
    }

    /** Stops what was started, the last first; every one is tried, the first failure thrown after. */
    private static void closeAll(List<AutoCloseable> stops) throws Exception {
        Exception first = null;
        for (int i = stops.size() - 1; i >= 0; i--) {
            try {
                stops.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** jvirt's server embedded in this JVM alone (the smoke test of the harness without Karaf). */
    static Side jvirtEmbedded(Size size) throws Exception {
        if (clientUnavailable() != null) {
            return Side.missing(clientUnavailable());
        }
        List<Started> started = new ArrayList<>();
        List<AutoCloseable> stops = new ArrayList<>();
        try {
            startEmbedded(started, stops);
            return measure(started, size).get("jvirt");
        } finally {
            closeAll(stops);
        }
    }

    /** The floor server alone, from its binary. */
    static Side floor(Size size, String bin) throws Exception {
        if (clientUnavailable() != null) {
            return Side.missing(clientUnavailable());
        }
        List<Started> started = new ArrayList<>();
        List<AutoCloseable> stops = new ArrayList<>();
        Map<String, String> missing = new LinkedHashMap<>();
        try {
            startFloor(bin, started, stops, missing);
            return missing.isEmpty() ? measure(started, size).get("floor") : Side.missing(missing.get("floor"));
        } finally {
            closeAll(stops);
        }
    }

    /** jvirt's Karaf distribution, over its default socket. */
    private static void startDistribution(List<Started> started, List<AutoCloseable> stops, Map<String, String> missing)
        throws IOException, InterruptedException {
        Path archive = KarafContainer.archive();
        if (archive == null) {
            missing.put("jvirt", "karaf-dist archive not built (-D" + KarafContainer.DIST_PROPERTY + ")");
            return;
        }
        KarafContainer karaf = KarafContainer.unpack(archive, "jvirt-bench-rpc");
        stops.add(karaf);
        long pid = karaf.start();
        Path socket = karaf.home.resolve("data/run/libvirt-sock");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.exists(socket)) {
            if (System.nanoTime() > end || ProcessHandle.of(pid).isEmpty()) {
                missing.put("jvirt", "the distribution made no socket " + socket);
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        started.add(new Started("jvirt", "test+unix:///default?socket=" + socket, pid, karaf.tmp()));
    }

    /** The server embedded in this JVM (smoke mode: no Karaf); its size is this whole JVM's. */
    private static void startEmbedded(List<Started> started, List<AutoCloseable> stops) throws IOException {
        Path tmp = Files.createTempDirectory("jvirt-bench-rpc");
        stops.add(() -> Processes.deleteTree(tmp));
        RemoteServer server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()),
            ServerSettings.defaults(tmp.resolve("libvirt-sock")));
        stops.add(server);
        started.add(new Started("jvirt", "test+unix:///default?socket=" + tmp.resolve("libvirt-sock"),
            ProcessHandle.current().pid(), tmp));
    }

    /** rpc_floor on a socket in a temp dir of its own, stopped by its pid. */
    private static void startFloor(String bin, List<Started> started, List<AutoCloseable> stops, Map<String, String> missing)
        throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("jvirt-bench-floor");
        stops.add(() -> Processes.deleteTree(tmp));
        Path socket = tmp.resolve("floor-sock");
        Process p = new ProcessBuilder(bin, socket.toString()).redirectErrorStream(true)
            .redirectOutput(tmp.resolve("floor.out").toFile()).start();
        stops.add(() -> {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!p.isAlive() || System.nanoTime() > end) {
                missing.put("floor", "rpc_floor did not start: " + Files.readString(tmp.resolve("floor.out")).strip());
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        started.add(new Started("floor", "test+unix:///default?socket=" + socket, p.pid(), tmp));
    }

    /**
     * Runs the script once against every started server, then reads each one's size before and with
     * the idle clients. A row's figures for a server are the medians over its rounds: ops/s, and the
     * clients' CPU per call.
     */
    private static Map<String, Side> measure(List<Started> servers, Size size) throws IOException, InterruptedException {
        Map<String, Side> sides = new LinkedHashMap<>();
        if (servers.isEmpty()) {
            return sides;
        }
        Path script = writeScript(servers.get(0).tmp(), "rpc_bench.py");
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        servers.forEach(s -> cmd.add(s.uri()));
        cmd.addAll(List.of("--domains", Integer.toString(size.domains()), "--warmup", Double.toString(size.warmup()),
            "--seconds", Double.toString(size.seconds()), "--clients", "1," + size.concurrent(),
            "--rounds", Integer.toString(size.rounds())));
        Processes.Result r = Processes.run(servers.get(0).tmp(), cmd, Map.of(), 7200);
        // server -> clients -> op -> the rounds' ops/s and CPU us per call
        Map<Integer, Map<Integer, Map<String, List<double[]>>>> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(r.output());
        while (m.find()) {
            long calls = Long.parseLong(m.group(4));
            double cpuUs = calls > 0 ? Double.parseDouble(m.group(5)) * 1e6 / calls : Double.NaN;
            rows.computeIfAbsent(Integer.parseInt(m.group(6)), k -> new LinkedHashMap<>())
                .computeIfAbsent(Integer.parseInt(m.group(2)), k -> new LinkedHashMap<>())
                .computeIfAbsent(m.group(1), k -> new ArrayList<>())
                .add(new double[] {Double.parseDouble(m.group(3)), cpuUs});
        }
        for (int k = 0; k < servers.size(); k++) {
            Started s = servers.get(k);
            Map<Integer, Map<String, List<double[]>>> mine = rows.getOrDefault(k, Map.of());
            Map<String, List<double[]>> one = mine.getOrDefault(1, Map.of());
            Map<String, List<double[]>> many = mine.getOrDefault(size.concurrent(), Map.of());
            if (r.rc() != 0 || !complete(one, size) || !complete(many, size)) {
                sides.put(s.name(), Side.missing("the client script failed (" + r.rc() + "): " + tail(r.output())));
                continue;
            }
            sides.put(s.name(), new Side(medians(one, 0), medians(many, 0), medians(one, 1), medians(many, 1), -1, -1, null));
        }
        TimeUnit.SECONDS.sleep(size.settle());
        for (Started s : servers) {
            Side side = sides.get(s.name());
            if (side.missing() == null) {
                long before = Processes.rssKiB(s.pid());
                long with = idleClients(s.uri(), s.pid(), size, script);
                sides.put(s.name(), new Side(side.single(), side.concurrent(), side.singleClientCpuUs(),
                    side.concurrentClientCpuUs(), before, with, null));
            }
        }
        return sides;
    }

    private static boolean complete(Map<String, List<double[]>> rows, Size size) {
        return rows.keySet().containsAll(OPS) && rows.values().stream().allMatch(l -> l.size() == size.rounds());
    }

    /** Each operation's median over its rounds of the figure at {@code index} (0: ops/s, 1: CPU us per call). */
    static Map<String, Double> medians(Map<String, List<double[]>> rows, int index) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String op : OPS) {
            double[] v = rows.get(op).stream().mapToDouble(a -> a[index]).sorted().toArray();
            out.put(op, v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2);
        }
        return out;
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

    static String table(Side jvirt, Side libvirtd, Side floor, Size size) {
        return table(jvirt, libvirtd, floor, size, CORES);
    }

    /**
     * The table with the ceilings of the concurrent rows for {@code cores} cores. A row behind 2x
     * says why it cannot be met here when the measurements show it: the floor server under 2x
     * libvirtd ("floor X: unreachable": no server reaches it), or else a ceiling under 2.
     */
    static String table(Side jvirt, Side libvirtd, Side floor, Size size, int cores) {
        StringBuilder sb = new StringBuilder();
        sb.append("| operation | clients | jvirt ops/s | libvirtd 9.0 ops/s | jvirt / libvirtd "
                + "| client CPU us/op (vs jvirt / vs libvirtd) | ceiling | floor ops/s | floor / libvirtd | target (>= 2x) |\n")
            .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (int clients : new int[] {1, size.concurrent()}) {
            for (String op : OPS) {
                double j = jvirt.ops(clients).getOrDefault(op, Double.NaN);
                double l = libvirtd.ops(clients).getOrDefault(op, Double.NaN);
                double f = floor.ops(clients).getOrDefault(op, Double.NaN);
                double cj = jvirt.clientCpuUs(clients).getOrDefault(op, Double.NaN);
                double cl = libvirtd.clientCpuUs(clients).getOrDefault(op, Double.NaN);
                boolean both = !Double.isNaN(j) && !Double.isNaN(l) && l > 0;
                double ceiling = both ? ceiling(l, cj, Math.min(clients, cores)) : Double.NaN;
                double floorRatio = !Double.isNaN(f) && !Double.isNaN(l) && l > 0 ? f / l : Double.NaN;
                String target = !both ? "not measured"
                    : j / l >= 2 ? "met"
                    : !Double.isNaN(floorRatio) && floorRatio < 2
                        ? "**behind target**, floor " + ceilingText(floorRatio) + ": unreachable"
                    : !Double.isNaN(ceiling) && ceiling < 2
                        ? "**behind target**, ceiling " + ceilingText(ceiling) + ": unreachable"
                        : "**behind target**";
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s / %s | %s | %s | %s | %s |%n", LABELS.get(op),
                    clients, ops(j), ops(l), both ? String.format(Locale.ROOT, "%.2f", j / l) : "-", us(cj), us(cl),
                    Double.isNaN(ceiling) ? "-" : ceilingText(ceiling), Double.isNaN(f) ? "-" : ops(f),
                    Double.isNaN(floorRatio) ? "-" : ceilingText(floorRatio), target));
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
        if (floor.missing() != null) {
            sb.append("\nfloor: not measured: ").append(floor.missing()).append(".\n");
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
