package io.jvirt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.ListFilter;
import io.jvirt.api.NamedConnectionInfo;
import io.jvirt.api.Registration;
import io.jvirt.core.kit.rpc.CallCountingRelay;
import io.jvirt.core.kit.rpc.DelayingRelay;
import io.jvirt.core.named.NamedConnectionRegistry;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.remote.RemoteDriver;
import io.jvirt.shell.command.FleetListing;

/**
 * Scenario 7: jvirt as a client of libvirtd hosts (issue 25).
 *
 * <p>(a) jvirt's driver-remote, through jvirt's API in this JVM ({@link StandaloneConnector} +
 * {@link RemoteDriver}, its default settings: keepalive 5 s x 6), against libvirt's own remote
 * driver (libvirt.so's client through python3-libvirt, {@code remote_client_bench.py} beside this
 * class), both against THE SAME {@link TestDriverLibvirtd} over its UNIX socket, with a domain
 * lifecycle callback registered on every client connection while measuring. The harness's own
 * connection defines the domains and holds test:///default for the whole part. The calls each
 * side makes per operation are counted by the kit's {@link CallCountingRelay} (core-bundle's test jar,
 * driver-remote's RemoteRoundTripsTest uses it too) beside the rows.
 *
 * <p>(b) the fleet's parallel listing: {@link Size#hosts} libvirtd processes (each its test driver
 * on a node file of {@link Size#hostDomains} running domains), each a named connection
 * ({@link NamedConnectionRegistry}), listed by the code behind {@code virt:list --all-hosts}
 * ({@link FleetListing#query} with {@link FleetListing#domainRows}), all hosts at once against
 * the slowest host listed alone by the same code, in each of {@link Size#reps} repetitions.
 */
final class RemoteClientScenario {

    static final List<String> OPS = List.of("open", "list", "lookup", "dumpxml", "define", "info");
    static final Map<String, String> LABELS = Map.of(
        "open", "open + close",
        "list", "list all domains + each one's id, name, state (virsh list's calls)",
        "lookup", "lookup by name",
        "dumpxml", "dumpxml",
        "define", "define + undefine",
        "info", "domain info");
    /** Issue 25's target for the fleet: all hosts at once within this many times the slowest alone. */
    static final double FLEET_TARGET = 1.5;
    private static final Pattern ROW = Pattern.compile(
        "\"op\": \"(\\w+)\", \"clients\": (\\d+), \"ops_per_s\": ([0-9.eE+-]+)");
    private static final int HANDLES = 50;
    /** Untimed fleet rounds first: the listing code is still being compiled during the first dozens (seen: 7 ms alone, then 3). */
    private static final int FLEET_WARMUP = 20;
    /** The one-way delay of the relays that make the fleet's daemons answer like hosts on a LAN (a 2 ms round trip). */
    static final Duration RELAY_DELAY = Duration.ofMillis(1);
    /** The machine's cores: the least time a listing's CPU can take is that CPU over them. */
    static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final boolean FLEET_ONLY = Boolean.getBoolean("jvirt.bench.fleetOnly");

    /**
     * @param domains     domains defined for part (a) (bench-0 ...), besides test:///default's own "test"
     * @param warmup      seconds each client runs an operation before it counts
     * @param seconds     seconds counted per row
     * @param concurrent  clients of the concurrent rows (python: processes; jvirt: threads of this JVM)
     * @param jitWarmup   seconds per operation that jvirt's side runs once before its first row
     * @param hosts       libvirtd processes of part (b)
     * @param hostDomains domains in each host's node file
     * @param reps        repetitions of part (b)
     */
    record Size(int domains, double warmup, double seconds, int concurrent, double jitWarmup, int hosts, int hostDomains, int reps) {
        static final Size FULL = new Size(100, 1.0, 3, 8, 2.0, 10, 100, 21);
        static final Size SMOKE = new Size(5, 0.05, 0.2, 2, 0.1, 2, 5, 2);
    }

    /** One client library's rows: ops/s per operation for 1 and N clients, calls per operation; or why not measured. */
    record Side(Map<String, Double> single, Map<String, Double> concurrent, Map<String, Double> callsPerOp, String missing) {
        static Side missing(String why) {
            return new Side(Map.of(), Map.of(), Map.of(), why);
        }
    }

    /**
     * Part (b), per repetition: all hosts at once, the slowest host alone and the hosts alone one after the
     * other (ms); the CPU they took; the rows listed; or why not measured.
     */
    record Fleet(List<Double> allMs, List<Double> slowestMs, List<Double> sumMs, Cpu cpu, int rows, String missing) {
        static Fleet missing(String why) {
            return new Fleet(List.of(), List.of(), List.of(), Cpu.NONE, 0, why);
        }

        List<Double> ratios() {
            return per(i -> allMs.get(i) / slowestMs.get(i));
        }

        /** CPU of an all-at-once listing, everything that ran on the machine for it: daemons, client, relays (ms). */
        List<Double> allCpuMs() {
            return per(i -> cpu.allDaemons().get(i) + cpu.allClient().get(i) + cpu.allJvm().get(i) + cpu.allRelays().get(i));
        }

        /** The least time {@link #allCpuMs} can take on this machine's cores (ms). */
        List<Double> floorMs() {
            return per(i -> allCpuMs().get(i) / CORES);
        }

        /** {@link #floorMs} over the slowest host alone: above the target, the target cannot be met on this machine. */
        List<Double> floorRatios() {
            return per(i -> floorMs().get(i) / slowestMs.get(i));
        }

        /** The floor of the client's CPU alone (its threads and its JVM's) over the slowest host alone. */
        List<Double> clientFloorRatios() {
            return per(i -> (cpu.allClient().get(i) + cpu.allJvm().get(i)) / CORES / slowestMs.get(i));
        }

        List<Double> clientRatios() {
            return per(i -> cpu.allClient().get(i) / cpu.aloneClient().get(i));
        }

        private List<Double> per(java.util.function.IntFunction<Double> f) {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < allMs.size(); i++) {
                r.add(f.apply(i));
            }
            return r;
        }
    }

    /**
     * CPU per repetition (ms) of the daemons, of the client (jvirt's threads in this JVM: the listing's, the RPC
     * clients', the caller), of the JVM's own threads (JIT compilers, GC) and of the relays: during the listing of
     * all hosts at once, and summed over the hosts listed alone one after the other. Empty when not measured
     * ({@link CpuMeter#unavailable}).
     */
    record Cpu(List<Double> allDaemons, List<Double> allClient, List<Double> allJvm, List<Double> allRelays,
               List<Double> aloneDaemons, List<Double> aloneClient, List<Double> aloneJvm, List<Double> aloneRelays) {
        static final Cpu NONE = new Cpu(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

        boolean measured() {
            return !allDaemons.isEmpty();
        }
    }

    /** The fleet listed directly (the daemons' sockets) and through {@link #RELAY_DELAY} relays. */
    record Figures(Side jvirt, Side libvirt, Fleet fleet, Fleet relayed) {
    }

    private RemoteClientScenario() {
    }

    /** Null when this machine has libvirtd and python3-libvirt, else why not. */
    static String unavailable() {
        return TestDriverLibvirtd.unavailable() != null ? TestDriverLibvirtd.unavailable() : RpcScenario.clientUnavailable();
    }

    static Figures run(Size size) throws IOException, InterruptedException {
        String why = unavailable();
        if (why != null) {
            return new Figures(Side.missing(why), Side.missing(why), Fleet.missing(why), Fleet.missing(why));
        }
        Connector connector = StandaloneConnector.create(null, new RemoteDriver());
        // -Djvirt.bench.fleetOnly=true: part (b) alone, to work on the fleet (never for the document: only() refuses to write it)
        Side[] sides = FLEET_ONLY ? new Side[] {Side.missing("skipped (jvirt.bench.fleetOnly)"), Side.missing("skipped (jvirt.bench.fleetOnly)")}
            : clients(connector, size);
        Fleet[] fleets = fleet(size);
        return new Figures(sides[0], sides[1], fleets[0], fleets[1]);
    }

    static String domainXml(String name) {
        return "<domain type='test'><name>" + name + "</name><memory unit='KiB'>8192</memory><vcpu>1</vcpu>"
            + "<os><type>hvm</type></os></domain>";
    }

    // ---------- (a) driver-remote vs libvirt's remote driver ----------

    /** [jvirt, libvirt]: the single-client rows of both, then the concurrent rows of both, then the call counts. */
    private static Side[] clients(Connector connector, Size size) throws IOException, InterruptedException {
        try (TestDriverLibvirtd daemon = TestDriverLibvirtd.start();
             Connection keeper = connector.open(daemon.testUri())) {
            for (int i = 0; i < size.domains(); i++) {
                keeper.defineXml(domainXml("bench-" + i));
            }
            Path script = RpcScenario.writeScript(daemon.tmp(), "remote_client_bench.py");
            String uri = daemon.testUri();
            // jvirt's JIT first, untimed: each operation once for a while with one client
            for (String op : OPS) {
                jvirtRow(connector, uri, op, 1, size, size.jitWarmup(), 0.01);
            }
            Map<String, Double> pySingle = python(script, uri, size, 1);
            Map<String, Double> jSingle = jvirtRows(connector, uri, 1, size);
            Map<String, Double> pyConcurrent = python(script, uri, size, size.concurrent());
            Map<String, Double> jConcurrent = jvirtRows(connector, uri, size.concurrent(), size);
            if (pySingle.size() != OPS.size() || pyConcurrent.size() != OPS.size()) {
                return new Side[] {new Side(jSingle, jConcurrent, Map.of(), null),
                    Side.missing("the client script gave " + pySingle.keySet() + " and " + pyConcurrent.keySet())};
            }
            Map<String, Double> jCalls = new LinkedHashMap<>();
            Map<String, Double> pyCalls = new LinkedHashMap<>();
            countCalls(connector, daemon, script, size, jCalls, pyCalls);
            return new Side[] {new Side(jSingle, jConcurrent, jCalls, null), new Side(pySingle, pyConcurrent, pyCalls, null)};
        }
    }

    private static Map<String, Double> python(Path script, String uri, Size size, int clients) throws IOException, InterruptedException {
        Processes.Result r = Processes.run(script.getParent(), List.of(RpcScenario.PYTHON.toString(), script.toString(), uri,
            "--domains", Integer.toString(size.domains()), "--warmup", Double.toString(size.warmup()),
            "--seconds", Double.toString(size.seconds()), "--clients", Integer.toString(clients)), Map.of(), 900);
        Map<String, Double> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(r.output());
        while (m.find()) {
            rows.put(m.group(1), Double.parseDouble(m.group(3)));
        }
        if (r.rc() != 0) {
            throw new IOException("remote_client_bench.py failed (" + r.rc() + "): " + r.output().strip());
        }
        return rows;
    }

    private static Map<String, Double> jvirtRows(Connector connector, String uri, int clients, Size size) throws InterruptedException {
        Map<String, Double> rows = new LinkedHashMap<>();
        for (String op : OPS) {
            rows.put(op, jvirtRow(connector, uri, op, clients, size, size.warmup(), size.seconds()));
        }
        return rows;
    }

    /** One row: {@code clients} threads, a connection each (lifecycle listener on), released together; the sum of their rates. */
    static double jvirtRow(Connector connector, String uri, String op, int clients, Size size, double warmup, double seconds)
        throws InterruptedException {
        CyclicBarrier barrier = new CyclicBarrier(clients);
        double[] rates = new double[clients];
        Throwable[] failed = new Throwable[1];
        LongAdder events = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            int index = k;
            Thread t = new Thread(() -> {
                try (Connection c = connector.open(uri); Registration r = c.addDomainEventListener((cn, d, e) -> events.increment())) {
                    Runnable step = stepper(connector, uri, op, c, size.domains(), index);
                    barrier.await(120, TimeUnit.SECONDS);
                    long end = System.nanoTime() + (long) (warmup * 1e9);
                    while (System.nanoTime() < end) {
                        step.run();
                    }
                    long calls = 0;
                    long start = System.nanoTime();
                    long stop = start + (long) (seconds * 1e9);
                    long now = start;
                    while (now < stop) {
                        step.run();
                        calls++;
                        now = System.nanoTime();
                    }
                    rates[index] = calls / ((now - start) / 1e9);
                } catch (Throwable e) {
                    synchronized (failed) {
                        failed[0] = e;
                    }
                    barrier.reset();
                }
            }, "bench-remote-" + k);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(5));
        }
        if (failed[0] != null) {
            throw new IllegalStateException("jvirt's " + op + " row failed", failed[0]);
        }
        double sum = 0;
        for (double r : rates) {
            sum += r;
        }
        return sum;
    }

    /** One call of {@code op} per run: the same calls as remote_client_bench.py's stepper. */
    private static Runnable stepper(Connector connector, String uri, String op, Connection c, int domains, int index) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < domains; i++) {
            names.add("bench-" + i);
        }
        int first = (index * 37) % domains;
        List<Domain> handles = new ArrayList<>();
        if (op.equals("dumpxml") || op.equals("info")) {
            for (int k = 0; k < Math.min(HANDLES, domains); k++) {
                handles.add(c.lookupByName(names.get((first + k) % domains)));
            }
        }
        String prefix = "rcj-" + index + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        int[] i = {0};
        return switch (op) {
            case "open" -> () -> connector.open(uri).close();
            case "list" -> () -> {
                for (Domain d : c.listAllDomains()) {
                    d.id();
                    d.name();
                    d.state();
                }
            };
            case "lookup" -> () -> c.lookupByName(names.get((first + ++i[0]) % domains));
            case "dumpxml" -> () -> handles.get(++i[0] % handles.size()).xmlDesc();
            case "define" -> () -> c.defineXml(domainXml(prefix + ++i[0])).undefine();
            case "info" -> () -> handles.get(++i[0] % handles.size()).info();
            default -> throw new IllegalArgumentException(op);
        };
    }

    /**
     * Calls per operation on each side, through a {@link CallCountingRelay} in front of the daemon:
     * each side does the operation 5 and then 25 times after its set-up, the difference over 20.
     */
    private static void countCalls(Connector connector, TestDriverLibvirtd daemon, Path script, Size size,
                                   Map<String, Double> jvirt, Map<String, Double> libvirt) throws IOException, InterruptedException {
        try (CallCountingRelay proxy = CallCountingRelay.start(daemon.tmp().resolve("counted-sock"), daemon.socket())) {
            String uri = "test+unix:///default?socket=" + proxy.socket();
            for (String op : OPS) {
                long[] j = new long[2];
                long[] p = new long[2];
                int[] ks = {5, 25};
                for (int n = 0; n < 2; n++) {
                    proxy.take();
                    try (Connection c = connector.open(uri); Registration r = c.addDomainEventListener((cn, d, e) -> { })) {
                        Runnable step = stepper(connector, uri, op, c, size.domains(), 0);
                        for (int k = 0; k < ks[n]; k++) {
                            step.run();
                        }
                    }
                    j[n] = total(proxy.take());
                    Processes.Result r = Processes.run(script.getParent(), List.of(RpcScenario.PYTHON.toString(), script.toString(), uri,
                        "--domains", Integer.toString(size.domains()), "--count", Integer.toString(ks[n]), "--ops", op), Map.of(), 120);
                    if (r.rc() != 0) {
                        throw new IOException("remote_client_bench.py --count failed: " + r.output().strip());
                    }
                    p[n] = total(proxy.take());
                }
                jvirt.put(op, (j[1] - j[0]) / 20.0);
                libvirt.put(op, (p[1] - p[0]) / 20.0);
            }
        }
    }

    private static long total(List<String> calls) {
        return calls.size();
    }

    // ---------- (b) the fleet's parallel listing ----------

    /** {directly, through relays}: the same daemons, each a named connection to its socket and one to its relay's. */
    static Fleet[] fleet(Size size) throws IOException, InterruptedException {
        List<TestDriverLibvirtd> daemons = new ArrayList<>();
        List<DelayingRelay> relays = new ArrayList<>();
        Path nodes = Files.createTempDirectory("jvirt-bench-fleet");
        Connector connector = StandaloneConnector.create(null, new RemoteDriver());
        NamedConnectionRegistry registry = new NamedConnectionRegistry(connector);
        try {
            List<String> hosts = new ArrayList<>();
            List<String> far = new ArrayList<>();
            List<Long> pids = new ArrayList<>();
            for (int h = 0; h < size.hosts(); h++) {
                TestDriverLibvirtd d = TestDriverLibvirtd.start();
                daemons.add(d);
                pids.add(d.pid());
                Path node = nodes.resolve("host" + h + ".xml");
                Files.writeString(node, nodeXml("h" + h, size.hostDomains()));
                DelayingRelay relay = DelayingRelay.start(d.tmp().resolve("relay-sock"), d.socket(), RELAY_DELAY);
                relays.add(relay);
                for (String[] named : new String[][] {{"host" + h, d.socket().toString()}, {"lan" + h, relay.socket().toString()}}) {
                    Map<String, Object> config = new HashMap<>();
                    config.put("felix.fileinstall.filename", "file:/opt/jvirt/etc/io.jvirt.connection-" + named[0] + ".cfg");
                    config.put("uri", "test+unix://" + node + "?socket=" + named[1]);
                    registry.add(config);
                }
                hosts.add("host" + h);
                far.add("lan" + h);
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!registry.list().stream().allMatch(c -> c.state() == NamedConnectionInfo.State.CONNECTED)) {
                if (System.nanoTime() > end) {
                    Fleet no = Fleet.missing("the named connections did not connect: " + registry.list());
                    return new Fleet[] {no, no};
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            CpuMeter meter = CpuMeter.unavailable() == null ? new CpuMeter(pids, DelayingRelay.THREAD_NAME) : null;
            return new Fleet[] {measure(registry, hosts, meter, size), measure(registry, far, meter, size)};
        } finally {
            registry.close();
            for (DelayingRelay r : relays) {
                r.close();
            }
            for (TestDriverLibvirtd d : daemons) {
                d.close();
            }
            Processes.deleteTree(nodes);
        }
    }

    /** One way of reaching the hosts: {@link #FLEET_WARMUP} untimed rounds, then the repetitions. */
    private static Fleet measure(NamedConnectionRegistry registry, List<String> hosts, CpuMeter meter, Size size)
        throws IOException, InterruptedException {
        Function<Connection, List<String[]>> rowsOf = c -> FleetListing.domainRows(c, new ListFilter[0], null);
        int expected = hosts.size() * size.hostDomains();
        for (int w = 0; w < FLEET_WARMUP; w++) {
            listAll(registry, hosts, rowsOf, expected, meter);
            alone(registry, hosts, rowsOf, size.hostDomains(), meter);
        }
        List<Double> all = new ArrayList<>();
        List<Double> slowest = new ArrayList<>();
        List<Double> sum = new ArrayList<>();
        List<List<Double>> cpu = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            cpu.add(new ArrayList<>());
        }
        for (int rep = 0; rep < size.reps(); rep++) {
            // alternate which comes first, so that a drift of the shared machine lands on both
            double[] once = null;
            if (rep % 2 == 0) {
                once = listAll(registry, hosts, rowsOf, expected, meter);
            }
            double[] alone = alone(registry, hosts, rowsOf, size.hostDomains(), meter);
            if (rep % 2 == 1) {
                once = listAll(registry, hosts, rowsOf, expected, meter);
            }
            all.add(once[0]);
            slowest.add(alone[0]);
            sum.add(alone[1]);
            for (int k = 0; k < 4; k++) {
                cpu.get(k).add(once[1 + k]);
                cpu.get(4 + k).add(alone[2 + k]);
            }
        }
        Cpu c = meter == null ? Cpu.NONE
            : new Cpu(cpu.get(0), cpu.get(1), cpu.get(2), cpu.get(3), cpu.get(4), cpu.get(5), cpu.get(6), cpu.get(7));
        return new Fleet(all, slowest, sum, c, expected, null);
    }

    /** libvirt's test driver node file: {@code n} domains, running (the test driver starts a node file's domains). */
    static String nodeXml(String prefix, int n) {
        StringBuilder sb = new StringBuilder("<node>\n");
        for (int i = 0; i < n; i++) {
            sb.append("  <domain type='test'><name>").append(prefix).append("-vm").append(i).append("</name><uuid>")
                .append(UUID.nameUUIDFromBytes((prefix + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .append("</uuid><memory unit='KiB'>8192</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>\n");
        }
        return sb.append("</node>\n").toString();
    }

    /**
     * Every host at once (the console's --all-hosts), checking that every row came: {ms, then the CPU it took
     * in ms: daemons, client, the JVM's own, relays} (CPU NaN without a meter).
     */
    private static double[] listAll(NamedConnectionRegistry registry, List<String> hosts, Function<Connection, List<String[]>> rowsOf,
                                    int expected, CpuMeter meter) throws IOException, InterruptedException {
        CpuMeter.Snapshot before = meter == null ? null : meter.before();
        long t0 = System.nanoTime();
        List<FleetListing.HostRows> got = FleetListing.query(registry, hosts, Duration.ofSeconds(60), rowsOf);
        long t1 = System.nanoTime();
        double[] cpu = meter == null ? NO_CPU : meter.after().since(before);
        check(got, expected);
        return new double[] {(t1 - t0) / 1e6, cpu[0], cpu[1], cpu[2], cpu[3]};
    }

    /**
     * The hosts, each listed alone by the same code, one after the other: {slowest ms, sum of ms, then the
     * CPU of all of them in ms: daemons, client, the JVM's own, relays}.
     */
    private static double[] alone(NamedConnectionRegistry registry, List<String> hosts, Function<Connection, List<String[]>> rowsOf,
                                  int expected, CpuMeter meter) throws IOException, InterruptedException {
        double slowest = 0;
        double sum = 0;
        double[] cpu = new double[4];
        for (String h : hosts) {
            CpuMeter.Snapshot before = meter == null ? null : meter.before();
            long t0 = System.nanoTime();
            List<FleetListing.HostRows> got = FleetListing.query(registry, List.of(h), Duration.ofSeconds(60), rowsOf);
            long t1 = System.nanoTime();
            double[] c = meter == null ? NO_CPU : meter.after().since(before);
            check(got, expected);
            slowest = Math.max(slowest, (t1 - t0) / 1e6);
            sum += (t1 - t0) / 1e6;
            for (int k = 0; k < 4; k++) {
                cpu[k] += c[k];
            }
        }
        return new double[] {slowest, sum, cpu[0], cpu[1], cpu[2], cpu[3]};
    }

    private static final double[] NO_CPU = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};

    private static void check(List<FleetListing.HostRows> got, int expected) {
        int rows = 0;
        for (FleetListing.HostRows h : got) {
            if (h.error() != null) {
                throw new IllegalStateException("host " + h.host() + " failed: " + h.error());
            }
            rows += h.rows().size();
        }
        if (rows != expected) {
            throw new IllegalStateException(rows + " rows listed, " + expected + " expected");
        }
    }

    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    // ---------- the document ----------

    /** Row 7 of the scenario list at the top of docs/PERFORMANCE.md. */
    static final String INDEX_ROW = "| 7 | jvirt as libvirtd's client: driver-remote vs libvirt's remote driver (python-libvirt) against one libvirtd, and the fleet's parallel listing over 10 libvirtd | measured below |\n";

    /** Runs the scenario and puts its section into {@code doc} (Report's one line for scenario 7). */
    static String intoDocument(String doc, boolean smoke) throws IOException, InterruptedException {
        Size size = smoke ? Size.SMOKE : Size.FULL;
        return withSection(doc, section(table(run(size), size), smoke));
    }

    /** {@code --only=7}: prints the section; with {@code --out=FILE} (not in smoke mode) replaces FILE's section 7 in place. */
    static void only(boolean smoke, Path out) throws IOException, InterruptedException {
        Size size = smoke ? Size.SMOKE : Size.FULL;
        String section = section(table(run(size), size), smoke);
        System.out.println(section);
        if (out != null && Files.isRegularFile(out) && !smoke && !FLEET_ONLY) {
            Files.writeString(out, withSection(Files.readString(out), section));
            System.out.println("wrote section 7 of " + out.toAbsolutePath());
        }
    }

    /** {@code doc} with section 7 (and its index row) put in or replaced, the rest as it was. */
    static String withSection(String doc, String section) {
        String out = Document.withSection(doc, 7, section);
        if (!out.contains("| 7 | ")) {
            int row = out.indexOf("| 6 | ");
            if (row >= 0) {
                int nl = out.indexOf('\n', row) + 1;
                out = out.substring(0, nl) + INDEX_ROW + out.substring(nl);
            }
        }
        return out;
    }

    static String section(String table, boolean smoke) {
        Size size = smoke ? Size.SMOKE : Size.FULL;
        return "## 7. jvirt as libvirtd's client: driver-remote vs libvirt's remote driver, and the fleet\n\n"
            + "Measured on " + java.time.LocalDate.now() + (smoke ? " (SMOKE RUN: figures meaningless)" : "") + " (issue 25).\n\n"
            + "**(a) One libvirtd, two client libraries.** A libvirtd 9.0 with its built-in drivers only (scenario 6's), its\n"
            + "test driver over its UNIX socket (`test+unix:///default?socket=...`), " + size.domains() + " domains defined by the\n"
            + "harness's own connection, which holds test:///default for the whole part. Against it, one after the other\n"
            + "in the same run: **libvirt's remote driver** (libvirt.so's client through Debian's python3-libvirt 9.0,\n"
            + "`remote_client_bench.py`; client processes, since Python's GIL would serialise threads) and **jvirt's\n"
            + "driver-remote** through jvirt's API in the harness's JVM (`StandaloneConnector` + `RemoteDriver`, its\n"
            + "default settings; client threads, a connection each). On both sides every client connection has keepalive\n"
            + "on (libvirt: its default event loop run by a thread, `setKeepAlive(5, 6)` as virsh; jvirt: driver-remote's\n"
            + "default, 5 s x 6) and a domain lifecycle callback registered (`domainEventRegisterAny`,\n"
            + "`addDomainEventListener`) while measuring, so define + undefine also delivers two events to every client.\n"
            + "Each row: " + size.concurrent() + " or 1 clients released together, " + size.warmup() + " s warm-up, "
            + size.seconds() + " s counted; the sum of\n"
            + "the clients' calls per second. jvirt's side runs each operation " + size.jitWarmup() + " s once before its first row (JIT).\n"
            + "Operations: open + close (a new connection: libvirt with `setKeepAlive` as virsh), the listing virsh list\n"
            + "needs (listAllDomains, then each domain's id, name and state: the state is a call per domain on both sides),\n"
            + "lookup by name, dumpxml and info (round a client's own 50 handles), define + undefine as one operation.\n"
            + "The last column: calls that reached the daemon per operation, counted beside the rows by a relay in front\n"
            + "of the daemon's socket (`CallCountingRelay`, core-bundle's test jar: each side does the operation 5 and 25 times after its set-up;\n"
            + "the difference over 20). The issue's target: driver-remote at least as fast as libvirt's remote driver.\n\n"
            + "**(b) The fleet.** " + size.hosts() + " libvirtd processes (the same daemon set-up), each with its test driver on a node\n"
            + "file of " + size.hostDomains() + " domains (running: the test driver starts a node file's domains), each a named connection\n"
            + "(`NamedConnectionRegistry`, as `etc/io.jvirt.connection-NAME.cfg` makes them) in the harness's JVM: the\n"
            + "endpoints are outside the client's JVM. Listed by the code behind `virt:list --all-hosts`\n"
            + "(`FleetListing.query` + `domainRows`: the rows with Host, Id, Name, State), all hosts at once, against each\n"
            + "host listed alone by the same code one after the other, the slowest of them; " + size.reps() + " repetitions (which\n"
            + "comes first alternates), after " + FLEET_WARMUP + " untimed. The issue's target: all at once within " + FLEET_TARGET + "x the slowest host alone.\n"
            + "Around every listing, the CPU time that every thread of the " + size.hosts() + " libvirtd and of the harness's JVM ran\n"
            + "(the kernel's `/proc/PID/task/TID/schedstat`, in ns; `/proc/PID/stat` counts 10 ms ticks): the client is\n"
            + "jvirt's threads (the listing's, the RPC clients', the calling thread), shown apart from the JVM's own (JIT\n"
            + "compilers, GC). On " + CORES + " cores an all-at-once listing cannot take less than its CPU / " + CORES + ": when that floor alone\n"
            + "is above " + FLEET_TARGET + "x the slowest host alone, the target cannot be met on this machine by that CPU (the client's\n"
            + "own share is shown apart, and its own floor: what a real fleet, each daemon on its host, would leave).\n"
            + "Then the same daemons **through relays** (`DelayingRelay`, core-bundle's test jar: one per daemon's socket in\n"
            + "the harness's JVM, forwarding the bytes " + RELAY_DELAY.toMillis() + " ms later each way, a LAN's round trip), each a named\n"
            + "connection too, listed the same way: hosts elsewhere, the case the issue's target describes. The relays'\n"
            + "threads' CPU is counted apart from the client's and in the floor (a real network's would not be on this machine).\n\n"
            + table
            + "\n" + notes()
            + "\n";
    }

    private static String notes() {
        try (InputStream in = RemoteClientScenario.class.getResourceAsStream("remote-client-notes.md")) {
            return in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---------- the table ----------

    static String table(Figures f, Size size) {
        StringBuilder sb = new StringBuilder();
        sb.append("| operation | clients | jvirt driver-remote ops/s | libvirt remote driver ops/s | jvirt / libvirt | target (>= 1x) |"
            + " calls per op, jvirt / libvirt |\n|---|---:|---:|---:|---:|---|---:|\n");
        for (int clients : new int[] {1, size.concurrent()}) {
            for (String op : OPS) {
                double j = (clients == 1 ? f.jvirt().single() : f.jvirt().concurrent()).getOrDefault(op, Double.NaN);
                double l = (clients == 1 ? f.libvirt().single() : f.libvirt().concurrent()).getOrDefault(op, Double.NaN);
                boolean both = !Double.isNaN(j) && !Double.isNaN(l) && l > 0;
                double jc = f.jvirt().callsPerOp().getOrDefault(op, Double.NaN);
                double lc = f.libvirt().callsPerOp().getOrDefault(op, Double.NaN);
                sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", LABELS.get(op), clients, ops(j), ops(l),
                    both ? String.format(Locale.ROOT, "%.2f", j / l) : "-",
                    !both ? "not measured" : j / l >= 1 ? "met" : "**behind target**",
                    Double.isNaN(jc) || Double.isNaN(lc) ? "-" : String.format(Locale.ROOT, "%s / %s", calls(jc), calls(lc))));
            }
        }
        Fleet fl = f.fleet();
        sb.append(String.format(Locale.ROOT, "%n| fleet: %d hosts x %d domains, each daemon's socket | median | runs |%n|---|---:|---|%n",
            size.hosts(), size.hostDomains()));
        fleetRows(sb, fl, size, false);
        sb.append(String.format(Locale.ROOT, "%n| fleet through relays: %d ms each way (a LAN's %d ms round trip) | median | runs |%n|---|---:|---|%n",
            RELAY_DELAY.toMillis(), 2 * RELAY_DELAY.toMillis()));
        fleetRows(sb, f.relayed(), size, true);
        for (String[] m : new String[][] {{"jvirt", f.jvirt().missing()}, {"libvirt", f.libvirt().missing()}, {"fleet", fl.missing()},
            {"fleet through relays", f.relayed().missing()}}) {
            if (m[1] != null) {
                sb.append("\n").append(m[0]).append(": not measured: ").append(m[1]).append(".\n");
            }
        }
        return sb.toString();
    }

    /** One fleet table's rows: times, the target's ratio, then the CPU, the floor it sets and what the client took. */
    private static void fleetRows(StringBuilder sb, Fleet fl, Size size, boolean relayed) {
        if (fl.missing() != null) {
            sb.append("| all hosts at once / slowest alone | not measured | |\n");
            return;
        }
        double ratio = median(fl.ratios());
        row(sb, "all hosts at once (ms)", fl.allMs(), "%.1f");
        row(sb, "slowest host alone (ms)", fl.slowestMs(), "%.1f");
        row(sb, "the hosts alone one after the other (ms)", fl.sumMs(), "%.1f");
        String verdict = ratio <= FLEET_TARGET ? "met" : "**behind target**";
        Cpu c = fl.cpu();
        if (!c.measured()) {
            sb.append(String.format(Locale.ROOT, "| all at once / slowest alone (target <= %.1fx) | %.2f: %s | %s |%n", FLEET_TARGET, ratio,
                verdict, list(fl.ratios(), "%.2f")));
            return;
        }
        double floorRatio = median(fl.floorRatios());
        if (ratio > FLEET_TARGET && floorRatio > FLEET_TARGET) {
            verdict = String.format(Locale.ROOT, "**behind target, unreachable by CPU on this machine** (the CPU floor alone is %.2fx)",
                floorRatio);
        }
        sb.append(String.format(Locale.ROOT, "| all at once / slowest alone (target <= %.1fx) | %.2f: %s | %s |%n", FLEET_TARGET, ratio,
            verdict, list(fl.ratios(), "%.2f")));
        row(sb, "CPU of an all-at-once listing: " + size.hosts() + " libvirtd + client's JVM" + (relayed ? " + relays" : "") + " (ms)",
            fl.allCpuMs(), "%.1f");
        row(sb, "of which the " + size.hosts() + " libvirtd (ms)", c.allDaemons(), "%.1f");
        row(sb, "of which the client: jvirt's threads (listing, RPC, caller) (ms)", c.allClient(), "%.1f");
        row(sb, "of which the client's JVM itself: JIT compilers, GC (ms)", c.allJvm(), "%.1f");
        if (relayed) {
            row(sb, "of which the relays' threads (ms)", c.allRelays(), "%.1f");
        }
        row(sb, "CPU floor on " + CORES + " cores: that CPU / " + CORES + " (ms)", fl.floorMs(), "%.1f");
        sb.append(String.format(Locale.ROOT, "| CPU floor / slowest alone (above %.1fx: the target cannot be met here) | %.2f: %s | %s |%n",
            FLEET_TARGET, floorRatio, floorRatio > FLEET_TARGET ? "**above the target**" : "below the target",
            list(fl.floorRatios(), "%.2f")));
        row(sb, "the client's own floor: (jvirt's threads + its JVM's) / " + CORES + " / slowest alone (a real fleet's, the daemons"
            + (relayed ? " and the network" : "") + " elsewhere)", fl.clientFloorRatios(), "%.2f");
        row(sb, "the " + size.hosts() + " libvirtd's CPU, the hosts alone one after the other (ms)", c.aloneDaemons(), "%.1f");
        row(sb, "the client's CPU (jvirt's threads), the hosts alone one after the other (ms)", c.aloneClient(), "%.1f");
        row(sb, "the client's JVM itself (JIT, GC), the hosts alone one after the other (ms)", c.aloneJvm(), "%.1f");
        row(sb, "the client's CPU (jvirt's threads), all at once / the hosts alone one after the other", fl.clientRatios(), "%.2f");
    }

    private static void row(StringBuilder sb, String label, List<Double> v, String format) {
        sb.append(String.format(Locale.ROOT, "| %s | " + format + " | %s |%n", label, median(v), list(v, format)));
    }

    private static String list(List<Double> v, String format) {
        StringBuilder sb = new StringBuilder();
        for (double d : v) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, d));
        }
        return sb.toString();
    }

    private static String ops(double v) {
        return Double.isNaN(v) ? "not measured" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String calls(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
