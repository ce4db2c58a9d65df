package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.NamedConnectionInfo.State;
import io.jvirt.core.named.NamedConnectionRegistry;
import io.jvirt.core.runtime.ConnectorImpl;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.remote.RemoteDriver;
import io.jvirt.driver.test.TestDriver;
import io.jvirt.server.RemoteServer;
import io.jvirt.server.ServerSettings;

/**
 * The fleet: 10 of jvirt's own servers (server-bundle's RemoteServer on a test driver each, in this
 * process, on UNIX sockets) with 100 domains each, managed through 10 named connections over the
 * remote driver; {@code virt:list --all --all-hosts} and {@code virt:connections} as the console runs them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetListTest {

    private static final int HOSTS = 10;
    private static final int DOMAINS = 100;

    @TempDir
    static Path tmp;
    private final List<Connector> backends = new ArrayList<>();
    private final RemoteServer[] servers = new RemoteServer[HOSTS];
    private ConnectorImpl connector;
    private NamedConnectionRegistry registry;

    private static String host(int i) {
        return String.format("h%02d", i + 1);
    }

    private Path socket(int i) {
        return tmp.resolve(host(i)).resolve("sock");
    }

    @BeforeAll
    void startTheFleet() throws IOException, InterruptedException {
        connector = (ConnectorImpl) StandaloneConnector.create(null, new RemoteDriver());
        registry = new NamedConnectionRegistry(connector);
        connector.names(registry);
        for (int i = 0; i < HOSTS; i++) {
            Connector backend = StandaloneConnector.create(null, new TestDriver());
            backends.add(backend);
            try (Connection c = backend.open("test:///default")) {
                // test:///default has its running domain "test": 99 more make 100
                for (int d = 1; d < DOMAINS; d++) {
                    c.defineXml("<domain type='test'><name>" + host(i) + "-vm" + d + "</name><uuid>" + UUID.randomUUID()
                        + "</uuid><memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>");
                }
            }
            Files.createDirectories(socket(i).getParent());
            servers[i] = RemoteServer.start(backend, ServerSettings.defaults(socket(i)));
            Map<String, Object> cfg = new HashMap<>();
            cfg.put("felix.fileinstall.filename", "file:/opt/jvirt/etc/io.jvirt.connection-" + host(i) + ".cfg");
            cfg.put("uri", "test+unix:///default?socket=" + socket(i));
            cfg.put("reconnect.initial", "50");
            cfg.put("reconnect.max", "400");
            registry.add(cfg);
        }
        await("every host connected", () -> registry.list().stream().allMatch(c -> c.state() == State.CONNECTED));
    }

    @AfterAll
    void stopTheFleet() {
        if (registry != null) {
            registry.close();
        }
        for (RemoteServer s : servers) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(10);
        }
    }

    private TestConsole.Result list(String options) {
        TestConsole console = new TestConsole(connector, TestConsole.ADMIN);
        ListDomains cmd = TestConsole.typed(new ListDomains(), options);
        cmd.named = registry;
        return console.run(cmd);
    }

    private String connections() {
        Connections cmd = new Connections();
        cmd.named = registry;
        return ok(new TestConsole(connector, TestConsole.VIEWER).run(cmd));
    }

    /** The table's rows (after virsh's header and dashes), by host. */
    private static Map<String, List<String>> rowsByHost(String output) {
        Map<String, List<String>> m = new HashMap<>();
        List<String> lines = Arrays.asList(output.split("\n"));
        assertTrue(lines.get(0).matches(" Host +Id +Name +State"), lines.get(0));
        assertTrue(lines.get(1).matches("-+"), lines.get(1));
        for (String line : lines.subList(2, lines.size())) {
            if (!line.isBlank()) {
                m.computeIfAbsent(line.trim().split(" +")[0], k -> new ArrayList<>()).add(line);
            }
        }
        return m;
    }

    @Test
    void allHostsListAThousandDomainsAndAKilledHostIsAnErrorRowUntilItComesBack() throws Exception {
        String all = ok(list("--all --all-hosts"));
        Map<String, List<String>> rows = rowsByHost(all);
        assertEquals(HOSTS, rows.size());
        assertEquals(HOSTS * DOMAINS, rows.values().stream().mapToInt(List::size).sum(), all.lines().limit(5).toList().toString());
        assertTrue(rows.get("h03").stream().anyMatch(l -> l.matches(" h03 +1 +test +running")), rows.get("h03").get(0));
        assertTrue(rows.get("h03").stream().anyMatch(l -> l.matches(" h03 +- +h03-vm7 +shut off")), rows.get("h03").toString());

        // one endpoint killed mid-way
        servers[4].close();
        await("h05 noticed", () -> registry.info("h05").orElseThrow().state() != State.CONNECTED);
        TestConsole.Result partial = list("--all --all-hosts");
        assertTrue(partial.failed(), "a script sees that the listing is incomplete");
        Map<String, List<String>> without = rowsByHost(partial.output());
        assertEquals(List.of(), without.keySet().stream().filter(h -> !h.equals("h05") && without.get(h).size() != DOMAINS).toList());
        assertEquals(1, without.get("h05").size());
        String errorRow = without.get("h05").get(0);
        assertTrue(errorRow.matches(" h05 +- +- +error: .*"), errorRow);
        assertTrue(errorRow.contains("client socket is closed") || errorRow.contains("Failed to connect socket"), errorRow);
        String states = connections();
        assertTrue(states.lines().anyMatch(l -> l.matches(" h05 .*reconnecting .*")), states);
        assertTrue(states.lines().anyMatch(l -> l.matches(" h04 .*connected .*")), states);

        // only the others, by name
        String two = ok(list("--all --connections h01,h02"));
        // the states as virsh shows them, with a paused one among them
        try (Connection direct = backends.get(1).open("test:///default")) {
            direct.lookupByName("test").suspend();
        }
        assertTrue(ok(list("--all --connections h02")).lines().anyMatch(l -> l.matches(" h02 +1 +test +paused")));
        assertTrue(ok(list("--connections h02 --state-paused")).lines().anyMatch(l -> l.matches(" h02 +1 +test +paused")));
        assertEquals(2, ok(list("--connections h02 --state-running")).lines().count(), "header only");
        try (Connection direct = backends.get(1).open("test:///default")) {
            direct.lookupByName("test").resume();
        }
        assertEquals(List.of("h01", "h02"), rowsByHost(two).keySet().stream().sorted().toList());

        // it comes back (same socket, same domains) and the named connection recovers
        servers[4] = RemoteServer.start(backends.get(4), ServerSettings.defaults(socket(4)));
        await("h05 reconnected", () -> registry.info("h05").orElseThrow().state() == State.CONNECTED);
        Map<String, List<String>> back = rowsByHost(ok(list("--all --all-hosts")));
        assertEquals(HOSTS * DOMAINS, back.values().stream().mapToInt(List::size).sum());
        assertFalse(connections().contains("reconnecting"));
    }

    /**
     * A console session connected to a host whose connection drops reconnects to that host, as
     * virsh reconnects to its connection's name; it never falls back to the default URI, where
     * the next command would act on another hypervisor.
     */
    @Test
    void aSessionWhoseHostDropsReconnectsToThatHostNeverToTheDefault() throws Exception {
        TestConsole console = new TestConsole(connector, TestConsole.ADMIN);
        ok(console.run(new Connect(), c -> c.uri = "h07"));
        String uri = "test+unix:///default?socket=" + socket(6) + "\n";
        assertEquals(uri, ok(console.run(new Uri())));
        servers[6].close();
        await("h07 noticed", () -> registry.info("h07").orElseThrow().state() != State.CONNECTED);
        TestConsole.Result whileDown = console.run(new Hostname());
        assertTrue(whileDown.failed(), "no silent switch to another hypervisor: " + whileDown.output());
        assertTrue(whileDown.output().contains("Failed to connect socket") || whileDown.output().contains("client socket is closed"),
            whileDown.output());
        servers[6] = RemoteServer.start(backends.get(6), ServerSettings.defaults(socket(6)));
        assertEquals(uri, ok(console.run(new Uri())));
        await("h07 reconnected", () -> registry.info("h07").orElseThrow().state() == State.CONNECTED);
    }

    @Test
    void anUnknownNameIsAnErrorRowToo() {
        TestConsole.Result r = list("--all --connections h01,nosuch");
        assertTrue(r.failed());
        assertTrue(r.output().lines().anyMatch(l -> l.matches(" nosuch +- +- +error: .*no named connection 'nosuch'")), r.output());
        assertEquals(DOMAINS, rowsByHost(r.output()).get("h01").size());
    }

    /**
     * Listing the 10 hosts in parallel against the slowest single host (issue 25's target: at most
     * 1.5x). Printed, not asserted: a shared 2-core machine gives no stable time.
     */
    @Test
    void measuresTheParallelListingAgainstTheSlowestSingleHost() {
        for (int warm = 0; warm < 3; warm++) {
            ok(list("--all --all-hosts"));
        }
        int rounds = 7;
        long[] fleet = new long[rounds];
        long[] slowest = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            ok(list("--all --all-hosts"));
            fleet[r] = System.nanoTime() - t0;
            long worst = 0;
            for (int i = 0; i < HOSTS; i++) {
                long s0 = System.nanoTime();
                ok(list("--all --connections " + host(i)));
                worst = Math.max(worst, System.nanoTime() - s0);
            }
            slowest[r] = worst;
        }
        Arrays.sort(fleet);
        Arrays.sort(slowest);
        double f = fleet[rounds / 2] / 1e6;
        double s = slowest[rounds / 2] / 1e6;
        System.out.printf("FLEET: virt:list --all --all-hosts, %d hosts x %d domains: median %.1f ms; slowest single host median %.1f ms;"
            + " ratio %.2f (target <= 1.5)%n", HOSTS, DOMAINS, f, s, f / s);
    }
}
