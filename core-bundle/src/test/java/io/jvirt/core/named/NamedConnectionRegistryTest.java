package io.jvirt.core.named;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.CloseListener;
import io.jvirt.api.Connection;
import io.jvirt.api.DriverInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.NamedConnectionInfo;
import io.jvirt.api.NamedConnectionInfo.State;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.ConnectorImpl;

/**
 * The named connection factory without OSGi: configurations added, changed and removed as
 * ConfigAdmin would through {@link NamedConnectionComponent}, a host that goes away and comes back,
 * and secrets that never show.
 */
class NamedConnectionRegistryTest {

    @TempDir
    Path tmp;
    private SwitchableHost host;
    private ConnectorImpl connector;
    private NamedConnectionRegistry registry;

    @BeforeEach
    void start() {
        host = new SwitchableHost();
        connector = new ConnectorImpl();
        connector.configure(null, new String[0]);
        connector.addDriver(host, new DriverInfo("flaky", List.of("flaky"), false, -1, "", "", List.of()));
        registry = new NamedConnectionRegistry(connector);
        connector.names(registry);
    }

    @AfterEach
    void stop() {
        registry.close();
        connector.shutdown();
    }

    private static Map<String, Object> config(String file, String... pairs) {
        Map<String, Object> m = new HashMap<>();
        m.put("felix.fileinstall.filename", "file:/opt/jvirt/etc/" + file);
        m.put("service.factoryPid", "io.jvirt.connection");
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private NamedConnectionInfo info(String name) {
        return registry.info(name).orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aConfigurationBecomesAConnectionNamedAfterItsFileAndAnAliasOfTheConnector() throws Exception {
        AutoCloseable added = registry.add(config("io.jvirt.connection-host1.cfg", "uri", "flaky://h1/", "readonly", "true"));
        await("connected", () -> info("host1").state() == State.CONNECTED);
        NamedConnectionInfo i = info("host1");
        assertEquals("flaky://h1/", i.uri());
        assertTrue(i.readOnly());
        assertEquals("none", i.credentials());
        assertNull(i.lastError());

        Connection handle = registry.connection("host1");
        assertEquals("FLAKY", handle.type());
        assertTrue(handle.isReadOnly());
        assertTrue(handle.isAlive());
        // closing a handle ends the handle, never the named connection
        handle.close();
        assertEquals(ErrorCode.INVALID_CONN, assertThrows(VirtException.class, handle::type).code());
        assertEquals("FLAKY", registry.connection("host1").type());
        assertEquals(State.CONNECTED, info("host1").state());

        // virt:connect host1: a connection of one's own, to the same URI, read-only as configured
        try (Connection own = connector.open("host1")) {
            assertEquals("flaky://h1/", own.uri());
            assertTrue(own.isReadOnly());
        }
        added.close();
    }

    @Test
    void aChangedConfigurationReconnectsToItsNewUriAndARemovedOneIsGone() throws Exception {
        AutoCloseable first = registry.add(config("io.jvirt.connection-h.cfg", "uri", "flaky://old/"));
        await("connected", () -> info("h").state() == State.CONNECTED);
        Connection handle = registry.connection("h");
        assertEquals("flaky://old/", handle.uri());
        // ConfigAdmin's update: DS deactivates the old component and activates a new one
        first.close();
        AutoCloseable second = registry.add(config("io.jvirt.connection-h.cfg", "uri", "flaky://new/"));
        await("connected again", () -> info("h").state() == State.CONNECTED);
        assertEquals("flaky://new/", info("h").uri());
        assertEquals("flaky://new/", registry.connection("h").uri());
        // the old handle belonged to the removed configuration
        assertEquals(ErrorCode.INVALID_CONN, assertThrows(VirtException.class, handle::uri).code());
        assertEquals(1, host.openConnections(), "the old URI's connection was closed");

        second.close();
        assertTrue(registry.list().isEmpty());
        assertTrue(registry.info("h").isEmpty());
        assertEquals(ErrorCode.NO_CONNECT, assertThrows(VirtException.class, () -> registry.connection("h")).code());
        assertEquals(0, host.openConnections());
        // no longer a name: "h" is now just a URI without a scheme
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> connector.open("h")).code());
    }

    @Test
    void aNameIsUniqueAndABadConfigurationIsRefusedNamingItsKey() {
        registry.add(config("io.jvirt.connection-a.cfg", "uri", "flaky://a/"));
        VirtException twice = assertThrows(VirtException.class, () -> registry.add(config("x.cfg", "name", "a", "uri", "flaky://b/")));
        assertTrue(twice.getMessage().contains("'a' is configured twice"), twice.getMessage());
        VirtException noUri = assertThrows(VirtException.class, () -> registry.add(config("io.jvirt.connection-b.cfg")));
        assertTrue(noUri.getMessage().contains("'uri' is missing"), noUri.getMessage());
        VirtException badName = assertThrows(VirtException.class,
            () -> registry.add(config("x.cfg", "name", "qemu:///system", "uri", "flaky://b/")));
        assertTrue(badName.getMessage().contains("a name is"), badName.getMessage());
        VirtException number = assertThrows(VirtException.class,
            () -> registry.add(config("io.jvirt.connection-c.cfg", "uri", "flaky://c/", "reconnect.max", "soon")));
        assertTrue(number.getMessage().contains("'reconnect.max' is not a number"), number.getMessage());
        assertEquals(1, registry.list().size());
    }

    @Test
    void aLostConnectionReconnectsWithBackoffWhenTheHostComesBack() throws Exception {
        registry.add(config("io.jvirt.connection-h1.cfg", "uri", "flaky://h1/", "reconnect.initial", "20", "reconnect.max", "80"));
        await("connected", () -> info("h1").state() == State.CONNECTED);
        Connection handle = registry.connection("h1");
        BlockingQueue<CloseListener.Reason> closes = new LinkedBlockingQueue<>();
        handle.addCloseListener((c, reason) -> closes.add(reason));

        host.goAway();
        assertEquals(CloseListener.Reason.EOF, closes.poll(30, TimeUnit.SECONDS), "the handle's close listener is told");
        await("several refused attempts", () -> host.refused.get() >= 4);
        NamedConnectionInfo down = info("h1");
        assertEquals(State.RECONNECTING, down.state());
        assertTrue(down.attempts() >= 3, "attempts counted: " + down);
        assertTrue(down.lastError().contains("Connection refused"), down.lastError());
        VirtException meanwhile = assertThrows(VirtException.class, handle::type);
        assertTrue(meanwhile.getMessage().contains("Connection refused"), "calls fail with the last error: " + meanwhile.getMessage());
        assertFalse(handle.isAlive());

        host.comeBack();
        await("reconnected", () -> info("h1").state() == State.CONNECTED);
        assertEquals("FLAKY", handle.type(), "the same handle works again");
        assertTrue(handle.isAlive());
        assertEquals(0, info("h1").attempts());
        assertNull(info("h1").lastError());

        // the close listener was carried over to the new connection
        host.goAway();
        assertEquals(CloseListener.Reason.EOF, closes.poll(30, TimeUnit.SECONDS));
        host.comeBack();
        await("reconnected twice", () -> info("h1").state() == State.CONNECTED);
    }

    @Test
    void theWaitBetweenAttemptsDoublesUpToTheMaximum() {
        NamedConnectionSettings s = NamedConnectionSettings.from(config("io.jvirt.connection-x.cfg", "uri", "flaky://x/",
            "reconnect.initial", "100", "reconnect.max", "1000"));
        assertEquals(List.of(100L, 200L, 400L, 800L, 1000L, 1000L),
            List.of(1, 2, 3, 4, 5, 50).stream().map(n -> s.backoff(n).toMillis()).toList());
        NamedConnectionSettings d = NamedConnectionSettings.from(config("io.jvirt.connection-x.cfg", "uri", "flaky://x/"));
        assertEquals(Duration.ofSeconds(1), d.backoffInitial());
        assertEquals(Duration.ofMinutes(1), d.backoffMax());
        assertNull(d.keepalive(), "the driver's own keepalive unless configured");
        NamedConnectionSettings k = NamedConnectionSettings.from(config("io.jvirt.connection-x.cfg", "uri", "flaky://x/",
            "keepalive.interval", "2", "keepalive.count", "3"));
        assertEquals(Duration.ofSeconds(2), k.keepalive().interval());
        assertEquals(3, k.keepalive().count());
    }

    @Test
    void theConfiguredKeepaliveReachesTheDriver() throws Exception {
        registry.add(config("io.jvirt.connection-k.cfg", "uri", "flaky://k/", "keepalive.interval", "2", "keepalive.count", "3"));
        await("connected", () -> info("k").state() == State.CONNECTED);
        assertEquals(Duration.ofSeconds(2), host.requests.get(0).keepalive().interval());
        assertEquals(3, host.requests.get(0).keepalive().count());
    }

    @Test
    void aHostThatStaysAwayIsGivenUpAfterTheAttemptsAllowed() throws Exception {
        host.up = false;
        registry.add(config("io.jvirt.connection-gone.cfg", "uri", "flaky://gone/", "reconnect.initial", "5",
            "reconnect.attempts", "3"));
        await("failed", () -> info("gone").state() == State.FAILED);
        assertEquals(3, info("gone").attempts());
        Thread.sleep(100);
        assertEquals(3, host.refused.get(), "no attempt after giving up");
    }

    @Test
    void secretsReachTheDriverOnlyAndAreNeverShown() throws Exception {
        String secret = "s3cr3t-Pa55";
        PrintStream realErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // slf4j-simple writes to System.err as it is at each line
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            host.requirePassword = secret;
            registry.add(config("io.jvirt.connection-good.cfg", "uri", "flaky://good/", "username", "admin", ".password", secret));
            await("connected", () -> info("good").state() == State.CONNECTED);
            assertEquals("config", info("good").credentials());

            // a wrong password that the driver quotes back in its error
            Path auth = tmp.resolve("auth.conf");
            Files.writeString(auth, "[credentials-wrong]\nusername=admin\npassword=" + secret + "-old\n");
            host.requirePassword = secret + "-new";
            registry.add(config("io.jvirt.connection-bad.cfg", "uri", "flaky://bad/", "credentials", "config",
                "username", "admin", ".password", secret + "-old", "reconnect.initial", "10000"));
            await("refused", () -> info("bad").lastError() != null);
            registry.add(config("io.jvirt.connection-file.cfg", "uri", "flaky://file/",
                "credentials", "authfile:" + auth + "#wrong", "reconnect.initial", "10000"));
            await("refused", () -> info("file").lastError() != null);
            assertEquals("authfile:" + auth + "#wrong", info("file").credentials());

            VirtException call = assertThrows(VirtException.class, () -> registry.connection("bad").type());
            String shown = registry.list() + " " + info("bad").lastError() + " " + call.getMessage() + " "
                + registry.target("good").orElseThrow() + " " + NamedConnectionSettings.from(
                    config("io.jvirt.connection-good.cfg", "uri", "flaky://good/", ".password", secret));
            assertTrue(info("bad").lastError().contains("password ***"), info("bad").lastError());
            assertFalse(shown.contains(secret), shown);
            VirtException inUri = assertThrows(VirtException.class,
                () -> registry.add(config("io.jvirt.connection-u.cfg", "uri", "flaky://admin:" + secret + "@u/")));
            assertFalse(inUri.getMessage().contains(secret), inUri.getMessage());
            assertNotNull(log.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(realErr);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("named connection 'bad'"), "the failures were logged: " + logged);
        assertFalse(logged.contains(secret), logged);
    }

    @Test
    void aNamedConnectionsUriIsTheAdministratorsWhoeverOpensItATypedOneIsNot() throws Exception {
        // drivers limit where a read-only client's own URI may lead (readonly.hosts, -sock-ro
        // sockets); a named connection's URI comes from etc/, so the rule does not apply to it
        registry.add(config("io.jvirt.connection-ops.cfg", "uri", "flaky://h2/", "readonly", "true"));
        await("connected", () -> info("ops").state() == State.CONNECTED);
        assertTrue(host.requests.get(host.requests.size() - 1).administered(), "the registry's own connection");
        try (Connection byName = connector.openReadOnly("ops")) {
            assertTrue(byName.isReadOnly());
            assertTrue(host.requests.get(host.requests.size() - 1).administered(), "a viewer opening the name");
        }
        try (Connection typed = connector.openReadOnly("flaky://h2/")) {
            assertFalse(host.requests.get(host.requests.size() - 1).administered(), "the same URI typed");
        }
        try (Connection typed = connector.open("flaky://h2/")) {
            assertFalse(host.requests.get(host.requests.size() - 1).administered());
        }
    }
}
