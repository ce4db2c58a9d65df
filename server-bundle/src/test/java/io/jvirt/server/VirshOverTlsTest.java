package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import io.jvirt.driver.test.TestDriver;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Real virsh 9.0 over {@code test+tls://} (libvirt's GnuTLS client, its pkipath layout) and
 * {@code test+tcp://} against jvirt's server on loopback, with a CA and certificates certtool made:
 * the good client works as on libvirt's own test driver; a client without a certificate, with one
 * from another CA, or with a DN not on the list is refused; plain TCP listens only when enabled.
 */
class VirshOverTlsTest {

    private static final String NEW_DOMAIN = """
        <domain type='test'>
          <name>tls1</name>
          <uuid>a1b2c3d4-0000-4000-8000-0000000071s1</uuid>
          <memory>131072</memory>
          <vcpu>1</vcpu>
          <os><type>hvm</type></os>
        </domain>
        """.replace("71s1", "7151");
    private static final String ALLOWED = "C=GB,O=jvirt,CN=client*";

    @TempDir
    static Path pki;
    static X509Files serverFiles;
    static Path good;
    static Path foreign;
    static Path noCert;
    static Path notAllowed;
    static Path revoked;
    static Path crl;

    @TempDir
    Path tmp;
    private RemoteServer server;

    @BeforeAll
    static void certificates() throws Exception {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
        TestPki.require();
        TestPki ca = TestPki.ca(pki, "ca1");
        TestPki other = TestPki.ca(pki, "ca2");
        serverFiles = ca.server(pki.resolve("server"));
        good = ca.clientPkiPath(pki.resolve("good"), "jvirt", "client1");
        // virsh checks its own certificate against its CA list first: the list names both CAs
        foreign = other.clientPkiPath(pki.resolve("foreign"), "jvirt", "client2", ca, other);
        noCert = TestPki.caOnlyPkiPath(pki.resolve("nocert"), ca);
        notAllowed = ca.clientPkiPath(pki.resolve("notallowed"), "jvirt", "intruder");
        revoked = ca.clientPkiPath(pki.resolve("revoked"), "jvirt", "client9");
        crl = ca.crl(pki.resolve("crl/cacrl.pem"), revoked.resolve("clientcert.pem"));
    }

    private void start(NetworkListenSettings network) throws IOException {
        server = RemoteServer.start(StandaloneConnector.create(null, new TestDriver()),
            ServerSettings.defaults(tmp.resolve("run/libvirt-sock")), network);
    }

    private void startTls() throws IOException {
        start(NetworkListenSettings.tls(InetAddress.getLoopbackAddress(), 0, serverFiles, AllowedDnList.of(ALLOWED)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String tls(Path pkiPath) {
        return "test+tls://127.0.0.1:" + server.tlsPort() + "/default?pkipath=" + pkiPath;
    }

    private HostCommand.Result virsh(String uri, String... args) throws IOException {
        return LibvirtVirsh.run(tmp.resolve("home"), uri, args);
    }

    @Test
    void virshDrivesDomainsOverTlsAsOnLibvirtsTestDriver() throws IOException {
        startTls();
        Path xml = tmp.resolve("tls1.xml");
        Files.writeString(xml, NEW_DOMAIN);
        String session = "list --all; dominfo test; define " + xml + "; start tls1; dominfo tls1; destroy tls1;"
            + " domstate tls1 --reason; undefine tls1; list --all";
        LibvirtVirsh.assertSame(virsh("test:///default", session), virsh(tls(good), session), "virsh over TLS: " + session);
    }

    @Test
    void clientsWithoutAnAcceptableCertificateAreRefused() throws IOException {
        startTls();
        for (Path refused : List.of(noCert, foreign, notAllowed)) {
            HostCommand.Result r = virsh(tls(refused), "list", "--all");
            assertNotEquals(0, r.status(), refused + ": " + r.output());
            assertTrue(r.output().contains("error: failed to connect to the hypervisor"), refused + ": " + r.output());
            assertTrue(!r.output().contains(" test ") , refused + ": " + r.output());
        }
        // the server goes on serving good clients
        HostCommand.Result ok = virsh(tls(good), "domstate", "test");
        assertEquals(0, ok.status(), ok.output());
        assertEquals("running", ok.text());
    }

    @Test
    void aClientWhoseCertificateTheCaRevokedIsRefused() throws IOException {
        start(NetworkListenSettings.tls(InetAddress.getLoopbackAddress(), 0, serverFiles.withCrl(crl), AllowedDnList.ANY));
        HostCommand.Result r = virsh(tls(revoked), "list", "--all");
        assertNotEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("error: failed to connect to the hypervisor"), r.output());
        HostCommand.Result ok = virsh(tls(good), "domstate", "test");
        assertEquals(0, ok.status(), ok.output());
        assertEquals("running", ok.text());
    }

    @Test
    void virshMeetsAServerNarrowedByTlsPriorityToEitherVersion() throws IOException {
        for (String priority : List.of("NORMAL:-VERS-TLS1.3", "NORMAL:-VERS-TLS1.2")) {
            start(NetworkListenSettings.tls(InetAddress.getLoopbackAddress(), 0, serverFiles, AllowedDnList.ANY)
                .withTlsPriority(priority));
            HostCommand.Result ok = virsh(tls(good), "domstate", "test");
            assertEquals(0, ok.status(), priority + ": " + ok.output());
            assertEquals("running", ok.text());
            server.close();
            server = null;
        }
    }

    @Test
    void aReadOnlyTlsClientCanOnlyRead() throws IOException {
        startTls();
        HostCommand.Result list = LibvirtVirsh.run(tmp.resolve("home"), tls(good), "-r", "list");
        // virsh's -r must come before the command: run it the way a user types it
        list = runVirsh("-r", "-c", tls(good), "domstate", "test");
        assertEquals("running", list.text(), list.output());
        HostCommand.Result destroy = runVirsh("-r", "-c", tls(good), "destroy", "test");
        assertNotEquals(0, destroy.status());
        LibvirtVirsh.assertSame(runVirsh("-r", "-c", "test:///default", "destroy", "test"), destroy, "virsh -r destroy over TLS");
    }

    private HostCommand.Result runVirsh(String... args) throws IOException {
        List<String> argv = new java.util.ArrayList<>(List.of("/usr/bin/virsh"));
        argv.addAll(List.of(args));
        Files.createDirectories(tmp.resolve("home"));
        return HostCommand.run(argv, java.util.Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.resolve("home").toString(),
            "LC_ALL", "C"), 60_000, io.jvirt.api.ErrorDomain.NONE);
    }

    @Test
    void theClientCertificatesDnIsTheConnectionsIdentity() throws Exception {
        startTls();
        TlsClientContext kitClient = TlsClientContext.create(X509Files.clientPkiPath(good), true);
        Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.tlsPort());
        raw.setSoTimeout(30_000);
        try {
            TlsPeer peer = kitClient.handshake(raw, "127.0.0.1");
            assertEquals("O=jvirt tests,CN=localhost", peer.dn());
            InputStream in = peer.socket().getInputStream();
            OutputStream out = peer.socket().getOutputStream();
            assertEquals(MessageStatus.OK, call(in, out, "AUTH_LIST", null, 1));
            assertEquals(MessageStatus.OK, call(in, out, "CONNECT_OPEN", XdrStruct.of("a", "name", "test:///default", "flags", 0), 2));
            List<String> ids = server.clientIdentities();
            assertEquals(1, ids.size(), ids.toString());
            assertTrue(ids.get(0).startsWith("x509 DN 'C=GB,O=jvirt,CN=client1' from 127.0.0.1:"), ids.get(0));
        } finally {
            raw.close();
        }
    }

    private static MessageStatus call(InputStream in, OutputStream out, String procedure, XdrStruct args, int serial) throws Exception {
        Procedure p = RawClient.REMOTE.procedure(procedure);
        out.write(RpcFraming.encode(new RpcMessage(RawClient.REMOTE.call(p, serial), p.encodeArgs(args))));
        out.flush();
        RpcMessage reply = RpcFraming.read(in, RpcLimits.MAX_MESSAGE);
        assertEquals(serial, reply.header().serial());
        return reply.header().status();
    }

    @Test
    void plainTcpServesWhenEnabledOnLoopback() throws IOException {
        start(NetworkListenSettings.tcp(null, 0));
        assertEquals(-1, server.tlsPort());
        String uri = "test+tcp://127.0.0.1:" + server.tcpPort() + "/default";
        LibvirtVirsh.assertSame(virsh("test:///default", "list", "--all"), virsh(uri, "list", "--all"), "virsh over TCP");
    }

    @Test
    void plainTcpDoesNotListenUnlessEnabled() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        // TLS on, plain TCP configured with that port but not enabled
        start(new NetworkListenSettings(true, false, InetAddress.getLoopbackAddress(), 0, port, serverFiles, true,
            AllowedDnList.ANY, 20));
        assertEquals(-1, server.tcpPort());
        HostCommand.Result r = virsh("test+tcp://127.0.0.1:" + port + "/default", "list");
        assertNotEquals(0, r.status());
        assertTrue(r.output().contains("Connection refused"), r.output());
    }
}
