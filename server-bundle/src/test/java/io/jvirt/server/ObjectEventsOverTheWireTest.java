package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorDomain;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.rpc.RemoteError;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * Network and storage pool events over the wire (REMOTE_PROC_CONNECT_NETWORK_EVENT_REGISTER_ANY,
 * CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY and their MESSAGEs): libvirt-python compared with libvirt's
 * own test driver, real {@code virsh net-event --loop} and {@code pool-event --loop}, libvirt's
 * errors for an event ID it does not know and a callback that is not registered.
 */
class ObjectEventsOverTheWireTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Path socket;

    @BeforeEach
    void start() throws IOException {
        socket = tmp.resolve("run/libvirt-sock");
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()), ServerSettings.defaults(socket));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String jvirt() {
        return "test+unix:///default?socket=" + socket;
    }

    @Test
    void libvirtPythonReceivesWhatLibvirtsOwnTestDriverSends() throws IOException {
        Prerequisite.require(Files.isExecutable(PYTHON) && Files.exists(Path.of("/usr/lib/python3/dist-packages/libvirt.py")),
            "python3-libvirt is not installed");
        HostCommand.Result libvirt = python("test:///default");
        HostCommand.Result ours = python(jvirt());
        assertEquals(0, libvirt.status(), libvirt.output());
        assertTrue(ours.output().contains("('net', 'default', 3, 0)\n('net', 'default', 2, 0)"), ours.output());
        assertTrue(ours.output().contains("('refresh', 'default-pool')"), ours.output());
        assertEquals(libvirt.output(), ours.output());
        assertEquals(0, ours.status());
    }

    private HostCommand.Result python(String uri) throws IOException {
        return HostCommand.run(List.of(PYTHON.toString(),
            Path.of("src/test/python/libvirt_object_events.py").toAbsolutePath().toString(), uri),
            Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString(), "LC_ALL", "C.UTF-8"), 120_000, ErrorDomain.NONE);
    }

    /** Runs virsh's event command with --loop until its --timeout while {@code change} repeats. */
    private String virshLoop(List<String> command, Change change) throws Exception {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
        Path home = tmp.resolve("home");
        Files.createDirectories(home);
        List<String> argv = new java.util.ArrayList<>(List.of("/usr/bin/virsh", "-c", jvirt()));
        argv.addAll(command);
        argv.addAll(List.of("--loop", "--timeout", "4"));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        try (RawClient c = new RawClient(socket)) {
            c.open();
            // changes once virsh's callback is registered (a race with its registration hung virsh once),
            // and never longer than a minute: virsh's own --timeout cannot end a hung virsh
            io.jvirt.api.testing.Poll.until("virsh's callback registered", java.time.Duration.ofSeconds(30),
                () -> server.eventCallbacks() > 0 || !p.isAlive());
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (p.isAlive() && System.nanoTime() < deadline) {
                change.apply(c);
                p.waitFor(200, TimeUnit.MILLISECONDS);
            }
            assertTrue(!p.isAlive(), "virsh did not end within a minute: " + command);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("event loop timed out\n"), out);
        return out;
    }

    @FunctionalInterface
    private interface Change {
        void apply(RawClient c) throws Exception;
    }

    @Test
    void virshNetEventLoop() throws Exception {
        String out = virshLoop(List.of("net-event", "--event", "lifecycle"), c -> {
            XdrStruct net = c.ok("NETWORK_LOOKUP_BY_NAME", XdrStruct.of("a", "name", "default")).getStruct("net");
            c.ok("NETWORK_DESTROY", XdrStruct.of("a", "net", net));
            c.ok("NETWORK_CREATE", XdrStruct.of("a", "net", net));
        });
        assertTrue(out.contains("event 'lifecycle' for network default: Stopped\n"), out);
        assertTrue(out.contains("event 'lifecycle' for network default: Started\n"), out);
        assertTrue(out.matches("(?s).*events received: [1-9][0-9]*\n.*"), out);
    }

    @Test
    void virshPoolEventLoopLifecycleAndRefresh() throws Exception {
        Change cycle = c -> {
            XdrStruct pool = c.ok("STORAGE_POOL_LOOKUP_BY_NAME", XdrStruct.of("a", "name", "default-pool")).getStruct("pool");
            c.ok("STORAGE_POOL_REFRESH", XdrStruct.of("a", "pool", pool, "flags", 0));
            c.ok("STORAGE_POOL_DESTROY", XdrStruct.of("a", "pool", pool));
            c.ok("STORAGE_POOL_CREATE", XdrStruct.of("a", "pool", pool, "flags", 0));
        };
        String lifecycle = virshLoop(List.of("pool-event", "--event", "lifecycle", "--pool", "default-pool"), cycle);
        assertTrue(lifecycle.contains("event 'lifecycle' for storage pool default-pool: Stopped\n"), lifecycle);
        assertTrue(lifecycle.contains("event 'lifecycle' for storage pool default-pool: Started\n"), lifecycle);
        assertTrue(!lifecycle.contains("refresh"), lifecycle);
        String refresh = virshLoop(List.of("pool-event", "--event", "refresh"), cycle);
        assertTrue(refresh.contains("event 'refresh' for storage pool default-pool\n"), refresh);
        assertTrue(!refresh.contains("lifecycle"), refresh);
    }

    @Test
    void unknownEventIdsAndCallbacksAreLibvirtsErrors() throws Exception {
        try (RawClient c = new RawClient(socket)) {
            c.open();
            RemoteError e = c.error(c.call("CONNECT_NETWORK_EVENT_REGISTER_ANY", XdrStruct.of("a", "eventID", 1, "net", null)));
            assertEquals(new RemoteError(1, ErrorDomain.RPC.number(), "internal error: unsupported network event ID 1", 2), e);
            e = c.error(c.call("CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY", XdrStruct.of("a", "eventID", 2, "pool", null)));
            assertEquals("internal error: unsupported storage pool event ID 2", e.message());
            e = c.error(c.call("CONNECT_NETWORK_EVENT_DEREGISTER_ANY", XdrStruct.of("a", "callbackID", 99)));
            assertEquals("internal error: network event callback 99 not registered", e.message());
            int id = c.ok("CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY", XdrStruct.of("a", "eventID", 1, "pool", null))
                .getInt("callbackID");
            c.ok("CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY", XdrStruct.of("a", "callbackID", id));
            e = c.error(c.call("CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY", XdrStruct.of("a", "callbackID", id)));
            assertEquals("internal error: storage pool event callback " + id + " not registered", e.message());
        }
    }

    @Test
    void eachKindOfCallbackIsDeregisteredOnlyThroughItsOwnProcedure() throws Exception {
        try (RawClient c = new RawClient(socket)) {
            c.open();
            int net = c.ok("CONNECT_NETWORK_EVENT_REGISTER_ANY", XdrStruct.of("a", "eventID", 0, "net", null)).getInt("callbackID");
            int dom = c.ok("CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY", XdrStruct.of("a", "eventID", 0, "dom", null))
                .getInt("callbackID");
            // libvirtd keeps domain, network and pool callbacks in lists of their own
            RemoteError e = c.error(c.call("CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY", XdrStruct.of("a", "callbackID", net)));
            assertEquals(new RemoteError(1, ErrorDomain.RPC.number(), "internal error: domain event callback " + net
                + " not registered", 2), e);
            e = c.error(c.call("CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY", XdrStruct.of("a", "callbackID", dom)));
            assertEquals("internal error: storage pool event callback " + dom + " not registered", e.message());
            // each is still registered and goes through its own procedure
            c.ok("CONNECT_NETWORK_EVENT_DEREGISTER_ANY", XdrStruct.of("a", "callbackID", net));
            c.ok("CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY", XdrStruct.of("a", "callbackID", dom));
        }
    }
}
