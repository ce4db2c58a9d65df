package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.StoragePool;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.rpc.MessageStatus;
import io.jvirt.core.kit.rpc.Procedure;
import io.jvirt.core.kit.rpc.RpcFraming;
import io.jvirt.core.kit.rpc.RpcLimits;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.kit.tls.AllowedDnList;
import io.jvirt.core.kit.tls.TestPki;
import io.jvirt.core.kit.tls.TlsClientContext;
import io.jvirt.core.kit.tls.TlsPeer;
import io.jvirt.core.kit.tls.X509Files;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.storage.LinuxStorageDriver;
import io.jvirt.driver.test.TestDriver;

/**
 * TLS clients are served by the server's event loop as UNIX and plain TCP ones (libvirtd's
 * virNetServerClient with a GnuTLS session on its event poll): an idle TLS client costs the server
 * no thread, a client that stalls in its handshake is dropped at the handshake timeout, one that
 * sends garbage instead of a ClientHello is dropped without harm to the others, and large volume
 * streams cross TLS byte for byte.
 */
class TlsEventLoopClientsTest {

    private static final int MIB = 1 << 20;

    @TempDir
    static Path pki;
    static X509Files serverFiles;
    static Path good;

    @TempDir
    Path tmp;
    private RemoteServer server;

    @BeforeAll
    static void certificates() throws Exception {
        TestPki.require();
        TestPki ca = TestPki.ca(pki, "ca1");
        serverFiles = ca.server(pki.resolve("server"));
        good = ca.clientPkiPath(pki.resolve("good"), "jvirt", "client1");
    }

    private void start(Connector connector, Duration handshakeTimeout) throws IOException {
        start(connector, handshakeTimeout, null);
    }

    private void start(Connector connector, Duration handshakeTimeout, String tlsPriority) throws IOException {
        server = RemoteServer.start(connector,
            ServerSettings.defaults(tmp.resolve("run/libvirt-sock")).withHandshakeTimeout(handshakeTimeout),
            NetworkListenSettings.tls(InetAddress.getLoopbackAddress(), 0, serverFiles, AllowedDnList.ANY)
                .withTlsPriority(tlsPriority));
    }

    private void start() throws IOException {
        start(StandaloneConnector.create(null, new TestDriver()), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A TLS client of the kit (JSSE's SSLSocket) with the test CA's client certificate, test:///default opened. */
    private final class TlsClient implements AutoCloseable {
        final Socket raw;
        final javax.net.ssl.SSLSocket tls;
        final InputStream in;
        final OutputStream out;
        int serial = 1;

        TlsClient() throws Exception {
            raw = new Socket(InetAddress.getLoopbackAddress(), server.tlsPort());
            raw.setSoTimeout(30_000);
            TlsPeer peer = TlsClientContext.create(X509Files.clientPkiPath(good), true).handshake(raw, "127.0.0.1");
            tls = peer.socket();
            in = peer.socket().getInputStream();
            out = peer.socket().getOutputStream();
            assertEquals(MessageStatus.OK, call("AUTH_LIST", null));
            assertEquals(MessageStatus.OK, call("CONNECT_OPEN", XdrStruct.of("a", "name", "test:///default", "flags", 0)));
        }

        /** The reply's status, null when the server closed the connection. */
        MessageStatus call(String procedure, XdrStruct args) throws IOException {
            Procedure p = RawClient.REMOTE.procedure(procedure);
            int s = serial++;
            out.write(RpcFraming.encode(new RpcMessage(RawClient.REMOTE.call(p, s), p.encodeArgs(args))));
            out.flush();
            RpcMessage reply = RpcFraming.read(in, RpcLimits.MAX_MESSAGE);
            if (reply == null) {
                return null; // the server closed the connection
            }
            assertEquals(s, reply.header().serial());
            return reply.header().status();
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    private static long openFds() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private void awaitNoClients() throws InterruptedException {
        for (int i = 0; i < 300 && server.clientCount() > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, server.clientCount(), "clients counted");
    }

    @Test
    void idleTlsClientsCostTheServerNoThreads() throws Exception {
        start();
        // one client first: what the JVM and the listener make once (the handshake's classes, a
        // jar opened on first use) must not count as a client's
        try (TlsClient warm = new TlsClient()) {
            assertEquals(MessageStatus.OK, warm.call("CONNECT_GET_TYPE", null));
        }
        awaitNoClients();
        int workers = ServerSettings.defaults(tmp).maxWorkers();
        long threadsBefore = Thread.activeCount();
        long fdsBefore = openFds();
        List<TlsClient> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                idle.add(new TlsClient());
            }
            assertEquals(100, server.clientCount());
            long grown = Thread.activeCount() - threadsBefore;
            System.out.println("TlsEventLoopClientsTest: threads grew by " + grown + " for 100 idle TLS clients");
            // the workers may all have started (they run the handshakes' delegated tasks too)
            assertTrue(grown <= workers + 2, "threads grew by " + grown + " for 100 idle TLS clients");
            // and they are all still served
            for (TlsClient c : idle) {
                assertEquals(MessageStatus.OK, c.call("CONNECT_GET_TYPE", null));
            }
        } finally {
            for (TlsClient c : idle) {
                c.close();
            }
        }
        awaitNoClients();
        for (int i = 0; i < 50 && openFds() > fdsBefore; i++) {
            Thread.sleep(100);
        }
        assertEquals(fdsBefore, openFds(), "file descriptors before and after");
    }

    /** Whether the server closed {@code s} (end of stream or reset) before the socket's read timeout. */
    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        try {
            byte[] b = new byte[4096];
            while (true) {
                if (s.getInputStream().read(b) < 0) {
                    return true;
                }
            }
        } catch (SocketException e) {
            return true; // reset
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    /** The start of a real ClientHello, as a client that stalls in the middle of it sends. */
    private static byte[] clientHelloStart() throws Exception {
        SSLEngine e = SSLContext.getDefault().createSSLEngine("localhost", 1);
        e.setUseClientMode(true);
        ByteBuffer net = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), net);
        net.flip();
        byte[] hello = new byte[net.remaining()];
        net.get(hello);
        return Arrays.copyOf(hello, hello.length / 2);
    }

    @Test
    void aClientThatStallsInItsHandshakeIsDroppedAtTheHandshakeTimeout() throws Exception {
        start(StandaloneConnector.create(null, new TestDriver()), Duration.ofSeconds(2));
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.tlsPort());
             Socket halfHello = new Socket(InetAddress.getLoopbackAddress(), server.tlsPort())) {
            halfHello.getOutputStream().write(clientHelloStart());
            halfHello.getOutputStream().flush();
            // meanwhile the server serves others
            try (TlsClient c = new TlsClient()) {
                assertEquals(MessageStatus.OK, c.call("CONNECT_GET_TYPE", null));
            }
            assertTrue(closedByServer(silent), "a client that sends nothing is dropped");
            assertTrue(closedByServer(halfHello), "a client that stops in its ClientHello is dropped");
        }
        awaitNoClients();
    }

    @Test
    void aClientThatSendsGarbageInsteadOfAClientHelloIsDroppedAndOthersAreServed() throws Exception {
        start();
        try (TlsClient before = new TlsClient()) {
            byte[] random = new byte[20_000];
            new Random(5).nextBytes(random);
            for (byte[] garbage : List.of("GET / HTTP/1.0\r\n\r\n".getBytes(), random,
                    // a TLS record header announcing a handshake record longer than TLS allows
                    new byte[] {0x16, 0x03, 0x01, (byte) 0xff, (byte) 0xff, 1, 0, 0, 0})) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.tlsPort())) {
                    try {
                        s.getOutputStream().write(garbage);
                        s.getOutputStream().flush();
                    } catch (SocketException e) {
                        // dropped while it was still sending: fine
                    }
                    assertTrue(closedByServer(s), "a client sending garbage is dropped");
                }
            }
            assertEquals(MessageStatus.OK, before.call("CONNECT_GET_TYPE", null), "a client connected before");
            try (TlsClient after = new TlsClient()) {
                assertEquals(MessageStatus.OK, after.call("CONNECT_GET_TYPE", null), "a client connected after");
            }
        }
        awaitNoClients();
    }

    @Test
    void aTls13KeyUpdateIsTakenAndTheSessionGoesOn() throws Exception {
        start();
        try (TlsClient c = new TlsClient()) {
            assertEquals("TLSv1.3", c.tls.getSession().getProtocol());
            for (int i = 0; i < 3; i++) {
                // on an established TLS 1.3 session JSSE's client sends a KeyUpdate asking for the server's
                c.tls.startHandshake();
                assertEquals(MessageStatus.OK, c.call("CONNECT_GET_TYPE", null), "a call after key update " + i);
            }
        }
        awaitNoClients();
    }

    @Test
    void aTls12RenegotiationEndsTheClientAsInLibvirtd() throws Exception {
        // GnuTLS's GNUTLS_E_REHANDSHAKE is an error to libvirt's virNetTLSSessionRead: the client is closed
        start(StandaloneConnector.create(null, new TestDriver()), Duration.ofSeconds(30), "NORMAL:-VERS-TLS1.3");
        try (TlsClient c = new TlsClient(); TlsClient other = new TlsClient()) {
            assertEquals("TLSv1.2", c.tls.getSession().getProtocol());
            boolean dropped;
            try {
                c.tls.startHandshake();
                dropped = c.call("CONNECT_GET_TYPE", null) == null;
            } catch (IOException e) {
                dropped = true;
            }
            assertTrue(dropped, "the client that renegotiated is closed");
            assertEquals(MessageStatus.OK, other.call("CONNECT_GET_TYPE", null), "the other client is served");
        }
        awaitNoClients();
    }

    @Test
    void largeVolumesCrossTlsByteForByte() throws Exception {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/qemu-img")), "qemu-img is not installed");
        Connector connector = StandaloneConnector.withStorage(null, List.of(LinuxStorageDriver.embedded(tmp.resolve("storage"))),
            new TestDriver(), new QemuStandIn());
        Path volume;
        try (Connection c = connector.open("qemu:///system")) {
            StoragePool pool = c.defineStoragePoolXml("<pool type='dir'><name>wired</name><target><path>"
                + tmp.resolve("pools/wired") + "</path></target></pool>");
            pool.build();
            pool.create();
            volume = Path.of(pool.createVolumeXml("<volume><name>big.img</name><capacity unit='MiB'>48</capacity>"
                + "<allocation>0</allocation></volume>").path());
        }
        start(connector, Duration.ofSeconds(30));
        String uri = "qemu+tls://127.0.0.1:" + server.tlsPort() + "/system?pkipath=" + good;
        byte[] data = new byte[40 * MIB + 4321];
        new Random(40).nextBytes(data);
        Path in = tmp.resolve("in.bin");
        Files.write(in, data);
        HostCommand.Result up = LibvirtVirsh.run(tmp.resolve("home"), uri, "vol-upload", "--pool", "wired", "big.img", in.toString());
        assertEquals(0, up.status(), up.output());
        assertArrayEquals(data, Arrays.copyOf(Files.readAllBytes(volume), data.length), "the volume holds the uploaded bytes");
        Path out = tmp.resolve("out.bin");
        HostCommand.Result down = LibvirtVirsh.run(tmp.resolve("home"), uri, "vol-download", "--pool", "wired", "big.img",
            out.toString());
        assertEquals(0, down.status(), down.output());
        assertEquals(48L * MIB, Files.size(out));
        assertArrayEquals(Files.readAllBytes(volume), Files.readAllBytes(out), "the whole volume, byte for byte");
        awaitNoClients();
    }
}
