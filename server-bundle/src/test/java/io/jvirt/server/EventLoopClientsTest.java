package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.core.kit.rpc.MessageStatus;
import io.jvirt.core.kit.rpc.RpcFraming;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * UNIX clients are served by the event loop as libvirtd's: an idle client costs the server no
 * thread, frames are assembled from whatever pieces the socket delivers, and a client that leaves
 * leaves no descriptor behind.
 */
class EventLoopClientsTest {

    @TempDir
    Path tmp;
    private RemoteServer server;
    private Path socket;

    private void start() throws IOException {
        ServerSettings settings = ServerSettings.defaults(tmp.resolve("libvirt-sock"));
        socket = settings.socket();
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()), settings);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static byte[] lookupFrame(int serial) {
        var p = RawClient.REMOTE.procedure("DOMAIN_LOOKUP_BY_NAME");
        return RpcFraming.encode(new RpcMessage(RawClient.REMOTE.call(p, serial), p.encodeArgs(XdrStruct.of("a", "name", "test"))));
    }

    @Test
    void idleClientsCostTheServerNoThreads() throws Exception {
        start();
        // one client first: whatever the JVM opens once and keeps (a jar of a class loaded on
        // first use, the name service) must not count as a client's
        try (RawClient warm = new RawClient(socket)) {
            warm.open();
        }
        for (int i = 0; i < 100 && server.clientCount() > 0; i++) {
            Thread.sleep(50);
        }
        int workers = ServerSettings.defaults(socket).maxWorkers();
        long threadsBefore = Thread.activeCount();
        long fdsBefore = openFds();
        List<RawClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                RawClient c = new RawClient(socket);
                idle.add(c);
                c.open();
            }
            assertEquals(200, server.clientCount());
            long grown = Thread.activeCount() - threadsBefore;
            // the workers may all have started; nothing else may grow with the clients
            assertTrue(grown <= workers + 2, "threads grew by " + grown + " for 200 idle clients");
        } finally {
            for (RawClient c : idle) {
                c.close();
            }
        }
        for (int i = 0; i < 300 && server.clientCount() > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, server.clientCount());
        for (int i = 0; i < 50 && openFds() > fdsBefore; i++) {
            Thread.sleep(100);
        }
        assertEquals(fdsBefore, openFds(), "file descriptors before and after");
    }

    @Test
    void framesArriveInAnyPieces() throws Exception {
        start();
        try (RawClient c = new RawClient(socket)) {
            c.open();
            // one byte at a time
            for (byte b : lookupFrame(7)) {
                c.sendRaw(new byte[] {b});
            }
            RpcMessage r = c.reply();
            assertEquals(MessageStatus.OK, r.header().status());
            assertEquals(7, r.header().serial());
            // 40 frames in one write (beyond max_client_requests: the rest waits, in order)
            ByteArrayOutputStream many = new ByteArrayOutputStream();
            for (int i = 0; i < 40; i++) {
                many.write(lookupFrame(100 + i));
            }
            c.sendRaw(many.toByteArray());
            java.util.Set<Integer> serials = new java.util.TreeSet<>();
            for (int i = 0; i < 40; i++) {
                RpcMessage m = c.reply();
                assertEquals(MessageStatus.OK, m.header().status());
                serials.add(m.header().serial());
            }
            assertEquals(40, serials.size());
            // a frame split across writes with the next frame's start
            byte[] a = lookupFrame(200);
            byte[] b = lookupFrame(201);
            byte[] both = new byte[a.length + b.length];
            System.arraycopy(a, 0, both, 0, a.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            int cut = a.length + 3;
            c.sendRaw(java.util.Arrays.copyOfRange(both, 0, 10));
            c.sendRaw(java.util.Arrays.copyOfRange(both, 10, cut));
            c.sendRaw(java.util.Arrays.copyOfRange(both, cut, both.length));
            java.util.Set<Integer> last = new java.util.TreeSet<>();
            last.add(c.reply().header().serial());
            last.add(c.reply().header().serial());
            assertEquals(java.util.Set.of(200, 201), last);
        }
    }
}
