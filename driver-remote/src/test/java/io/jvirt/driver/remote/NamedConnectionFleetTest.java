package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.NamedConnectionInfo;
import io.jvirt.api.NamedConnectionInfo.State;
import io.jvirt.api.VirtException;
import io.jvirt.core.named.NamedConnectionRegistry;
import io.jvirt.core.runtime.ConnectorImpl;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;
import io.jvirt.server.RemoteServer;
import io.jvirt.server.ServerSettings;

/**
 * Named connections over the remote driver to a mixed fleet: two private libvirtd 9.0 daemons (their
 * test driver) and two of jvirt's own servers, 100 domains each. A libvirtd is stopped under its
 * named connection, which reconnects with backoff, and recovers when a daemon answers on its
 * socket again; the other hosts are untouched meanwhile. Each daemon is stopped by its pid.
 */
class NamedConnectionFleetTest {

    private static final int DOMAINS = 100;

    @TempDir
    Path tmp;
    private final List<PrivateLibvirtd> daemons = new ArrayList<>();
    private final List<RemoteServer> servers = new ArrayList<>();
    private final List<Connection> keepers = new ArrayList<>();
    private NamedConnectionRegistry registry;

    @AfterEach
    void stop() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
        for (Connection c : keepers) {
            c.close();
        }
        for (RemoteServer s : servers) {
            s.close();
        }
        for (PrivateLibvirtd d : daemons) {
            d.close();
        }
    }

    private static void fill(Connection c, String prefix) {
        // test:///default has its running domain "test": 99 more make 100
        for (int d = 1; d < DOMAINS; d++) {
            c.defineXml(RemoteLibvirtdTest.xml(prefix + "-vm" + d, UUID.randomUUID()));
        }
    }

    private static Map<String, Object> config(String name, String uri) {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", "file:/opt/jvirt/etc/io.jvirt.connection-" + name + ".cfg");
        m.put("uri", uri);
        m.put("reconnect.initial", "50");
        m.put("reconnect.max", "500");
        return m;
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

    private State state(String name) {
        return registry.info(name).map(NamedConnectionInfo::state).orElseThrow();
    }

    private int count(String name) {
        try (Connection c = registry.connection(name)) {
            return c.listAllDomains().size();
        }
    }

    @Test
    void aMixedFleetOfLibvirtdAndJvirtRecoversFromADaemonStoppedUnderIt() throws Exception {
        ConnectorImpl connector = (ConnectorImpl) StandaloneConnector.create(null, new RemoteDriver());
        registry = new NamedConnectionRegistry(connector);
        connector.names(registry);
        Connector direct = StandaloneConnector.create(null, new RemoteDriver());
        for (int i = 0; i < 2; i++) {
            PrivateLibvirtd d = PrivateLibvirtd.start();
            daemons.add(d);
            // libvirtd's test:///default lives while a connection holds it
            Connection keeper = direct.open(d.testUri());
            keepers.add(keeper);
            fill(keeper, "lv" + i);
            // the named connection reaches the daemon through a link the test can point elsewhere
            Path link = tmp.resolve("lv" + i + ".sock");
            Files.createSymbolicLink(link, d.socket());
            registry.add(config("lv" + i, "test+unix:///default?socket=" + link));

            Connector backend = StandaloneConnector.create(null, new TestDriver());
            try (Connection c = backend.open("test:///default")) {
                fill(c, "jv" + i);
            }
            Path socket = tmp.resolve("jv" + i + ".sock");
            servers.add(RemoteServer.start(backend, ServerSettings.defaults(socket)));
            registry.add(config("jv" + i, "test+unix:///default?socket=" + socket));
        }
        await("every host connected", () -> registry.list().stream().allMatch(c -> c.state() == State.CONNECTED));
        for (String h : List.of("lv0", "lv1", "jv0", "jv1")) {
            assertEquals(DOMAINS, count(h), h);
        }

        Connection lv0 = registry.connection("lv0");
        keepers.get(0).close();
        daemons.get(0).stop();
        await("lv0 noticed its daemon's end", () -> state("lv0") == State.RECONNECTING);
        await("refused attempts counted", () -> registry.info("lv0").orElseThrow().attempts() >= 2);
        assertTrue(registry.info("lv0").orElseThrow().lastError().contains("Failed to connect socket"),
            registry.info("lv0").orElseThrow().lastError());
        VirtException meanwhile = assertThrows(VirtException.class, lv0::listAllDomains);
        assertTrue(meanwhile.getMessage().contains("Failed to connect socket") || meanwhile.getMessage().contains("client socket is closed"),
            meanwhile.getMessage());
        assertFalse(lv0.isAlive());
        for (String h : List.of("lv1", "jv0", "jv1")) {
            assertEquals(DOMAINS, count(h), h);
            assertEquals(State.CONNECTED, state(h), h);
        }

        // a daemon answers on the socket again (a new one: libvirtd keeps no test-driver state)
        PrivateLibvirtd again = PrivateLibvirtd.start();
        daemons.add(again);
        Path link = tmp.resolve("lv0.sock");
        Files.delete(link);
        Files.createSymbolicLink(link, again.socket());
        await("lv0 reconnected", () -> state("lv0") == State.CONNECTED);
        assertTrue(lv0.isAlive(), "the same handle works again");
        assertEquals("test", lv0.listAllDomains().get(0).name());
        lv0.close();
    }
}
