package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.testing.BoundedProcess;
import io.jvirt.api.testing.VirshConsole;
import io.jvirt.core.kit.local.PtyConsole;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.driver.test.TestDriver;

/**
 * A domain console over the wire (REMOTE_PROC_DOMAIN_OPEN_CONSOLE): real {@code virsh console},
 * driven through a pty, reads a guest's serial output and types into it. The guest is a stand-in
 * on a real pty (src/test/python/fake_guest.py) behind the test driver's domain 'test' (libvirt's
 * test driver has no console; QEMU's tiny guest is driver-qemu's part); without the stand-in, the
 * test driver refuses as libvirt's does.
 */
class ConsoleOverTheWireTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Path socket;
    private Process guest;

    @BeforeEach
    void start() throws IOException {
        VirshConsole.require();
        socket = tmp.resolve("run/libvirt-sock");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        if (guest != null) {
            guest.destroy();
            guest.waitFor();
        }
    }

    /** The test driver, its connections answering virDomainOpenConsole with the stand-in guest's pty. */
    private static HypervisorDriver withConsole(HypervisorDriver test, String pty) {
        return new HypervisorDriver() {
            @Override
            public String name() {
                return test.name();
            }

            @Override
            public DriverConnection open(ConnectRequest request) {
                DriverConnection real = test.open(request);
                if (real == null) {
                    return null;
                }
                InvocationHandler h = (proxy, m, args) -> {
                    if (m.getName().equals("domainOpenConsole")) {
                        return PtyConsole.open(pty, "console0");
                    }
                    return invoke(m, real, args);
                };
                return (DriverConnection) Proxy.newProxyInstance(DriverConnection.class.getClassLoader(),
                    new Class<?>[] {DriverConnection.class}, h);
            }
        };
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private BoundedProcess.Result console(String uri) throws Exception {
        return VirshConsole.login(uri, "test", "hello", tmp.resolve("virsh-home"));
    }

    @Test
    void virshConsoleReadsTheGuestAndTypesIntoIt() throws Exception {
        server = RemoteServer.start(StandaloneConnector.create(null, withConsole(new TestDriver(), startGuest())),
            ServerSettings.defaults(socket));

        BoundedProcess.Result r = console("test+unix:///default?socket=" + socket);
        String out = r.output();
        assertTrue(out.contains("Connected to domain 'test'\nEscape character is ^] (Ctrl + ])\n"), out);
        assertTrue(out.contains("jvirt fake guest ttyS0"), out);
        assertTrue(out.contains("login: hello") || out.contains("you typed: hello"), out);
        assertTrue(out.contains("\nyou typed: hello\n"), out);
        assertTrue(out.contains("exit 0 ok True"), out);

        // a second session on the same console after the first detached
        BoundedProcess.Result again = console("test+unix:///default?socket=" + socket);
        assertTrue(again.output().contains("exit 0 ok True"), again.output());
        for (int i = 0; i < 300 && (threads() > 0 || server.clientCount() > 0); i++) {
            Thread.sleep(100);
        }
        assertEquals(0, threads(), "stream threads left");
    }

    private String startGuest() throws IOException {
        guest = new ProcessBuilder(PYTHON.toString(), Path.of("src/test/python/fake_guest.py").toAbsolutePath().toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String pty = new BufferedReader(new InputStreamReader(guest.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(pty != null && pty.startsWith("/dev/pts/"), "the stand-in guest's pty: " + pty);
        return pty;
    }

    /** The stream at the packet level: the guest's output as CONTINUE packets, typing, finish confirmed. */
    @Test
    void theConsoleStreamsPackets() throws Exception {
        server = RemoteServer.start(StandaloneConnector.create(null, withConsole(new TestDriver(), startGuest())),
            ServerSettings.defaults(socket));
        try (RawClient c = new RawClient(socket)) {
            c.open();
            io.jvirt.core.kit.rpc.XdrStruct dom = c.ok("DOMAIN_LOOKUP_BY_NAME", io.jvirt.core.kit.rpc.XdrStruct.of("a", "name", "test"))
                .getStruct("dom");
            io.jvirt.core.kit.rpc.Procedure p = RawClient.REMOTE.procedure("DOMAIN_OPEN_CONSOLE");
            io.jvirt.core.kit.rpc.RpcHeader call = RawClient.REMOTE.call(p, 500);
            c.send(new io.jvirt.core.kit.rpc.RpcMessage(call, p.encodeArgs(io.jvirt.core.kit.rpc.XdrStruct.of("a", "dom", dom,
                "dev_name", null, "flags", 0))));
            assertEquals(io.jvirt.core.kit.rpc.MessageStatus.OK, c.reply().header().status());
            io.jvirt.core.kit.rpc.RpcStream s = new io.jvirt.core.kit.rpc.RpcStream(call, false);
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("login: ")) {
                io.jvirt.core.kit.rpc.RpcMessage m = c.receive();
                assertTrue(m != null, "console output so far: " + seen);
                if (m.header().type() == io.jvirt.core.kit.rpc.MessageType.STREAM) {
                    seen.append(new String(s.receive(m).data(), StandardCharsets.UTF_8));
                }
            }
            c.send(s.data("root\r".getBytes(StandardCharsets.UTF_8), 0, 5));
            while (!seen.toString().contains("you typed: root")) {
                io.jvirt.core.kit.rpc.RpcMessage m = c.receive();
                assertTrue(m != null, "console output so far: " + seen);
                if (m.header().type() == io.jvirt.core.kit.rpc.MessageType.STREAM) {
                    seen.append(new String(s.receive(m).data(), StandardCharsets.UTF_8));
                }
            }
            c.send(s.finish());
            io.jvirt.core.kit.rpc.RpcMessage m;
            do {
                m = c.receive();
            } while (m != null && m.header().status() == io.jvirt.core.kit.rpc.MessageStatus.CONTINUE);
            assertTrue(m != null && m.header().status() == io.jvirt.core.kit.rpc.MessageStatus.OK, "finish confirmed");
        }
    }

    /**
     * libvirt's CONNECT_CLOSE (virConnectClose) closes the client once its reply is out
     * (virNetServerClientDelayedClose), and with it every stream the client left open: the
     * console's stream thread ends and its pty is released.
     */
    @Test
    void connectCloseEndsTheClientAndItsOpenStreams() throws Exception {
        server = RemoteServer.start(StandaloneConnector.create(null, withConsole(new TestDriver(), startGuest())),
            ServerSettings.defaults(socket));
        try (RawClient c = new RawClient(socket)) {
            c.open();
            io.jvirt.core.kit.rpc.XdrStruct dom = c.ok("DOMAIN_LOOKUP_BY_NAME", io.jvirt.core.kit.rpc.XdrStruct.of("a", "name", "test"))
                .getStruct("dom");
            io.jvirt.core.kit.rpc.Procedure p = RawClient.REMOTE.procedure("DOMAIN_OPEN_CONSOLE");
            c.send(new io.jvirt.core.kit.rpc.RpcMessage(RawClient.REMOTE.call(p, 500), p.encodeArgs(io.jvirt.core.kit.rpc.XdrStruct.of("a",
                "dom", dom, "dev_name", null, "flags", 0))));
            assertEquals(io.jvirt.core.kit.rpc.MessageStatus.OK, c.reply().header().status());
            io.jvirt.api.testing.Poll.until("the console's stream thread", java.time.Duration.ofSeconds(30), () -> threads() > 0);

            io.jvirt.core.kit.rpc.RpcMessage closed = c.call("CONNECT_CLOSE", null);
            assertTrue(closed != null && closed.header().status() == io.jvirt.core.kit.rpc.MessageStatus.OK, "CONNECT_CLOSE answered");
            io.jvirt.api.testing.Poll.until("the server to drop the client and abort its stream", java.time.Duration.ofSeconds(30),
                () -> server.clientCount() == 0 && threads() == 0, () -> "clients " + server.clientCount() + ", stream threads " + threads());
            io.jvirt.core.kit.rpc.RpcMessage after;
            do {
                after = c.receive(); // what was on its way, then the end
            } while (after != null && after.header().type() != io.jvirt.core.kit.rpc.MessageType.REPLY);
            assertEquals(null, after, "nothing is answered after CONNECT_CLOSE's reply");
        }
    }

    private static long threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jvirt-rpc-stream-")).count();
    }

    @Test
    void theTestDriverHasNoConsoleAsLibvirtsHasNone() throws Exception {
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()), ServerSettings.defaults(socket));
        String libvirt = console("test:///default").output();
        String ours = console("test+unix:///default?socket=" + socket).output();
        String refusal = "error: this function is not supported by the connection driver: virDomainOpenConsole";
        assertTrue(libvirt.contains(refusal), libvirt);
        assertTrue(ours.contains(refusal), ours);
    }
}
