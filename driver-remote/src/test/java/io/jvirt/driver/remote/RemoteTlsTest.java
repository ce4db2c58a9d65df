package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.tls.TestPki;
import io.jvirt.core.kit.tls.X509Files;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * The {@code +tls} transport against a real libvirtd 9.0 with {@code listen_tls} on loopback and
 * certificates certtool made. Three CAs: the clients' (ca1), the server's (ca2), and one libvirtd
 * does not know (ca3); libvirtd's CA file lists ca1 and ca2 and it demands a client certificate
 * (its default). A client's own certificate must chain to its own CA list (libvirt's sanity check),
 * so the CA lists below are what makes each case.
 */
class RemoteTlsTest {

    private static Path pki;
    private static PrivateLibvirtd libvirtd;
    private static Connector connector;
    /** ca1's client certificate; trusts ca1 and ca2 (the server's). */
    private static Path good;
    /** ca1's client certificate; trusts ca1 only: the server's certificate has an unknown issuer. */
    private static Path wrongCa;
    /** ca3's client certificate (libvirtd refuses it); trusts ca3 and the server's ca2. */
    private static Path foreignClient;

    @BeforeAll
    static void start() throws Exception {
        TestPki.require();
        pki = Files.createTempDirectory("jvirt-remote-tls");
        TestPki clients = TestPki.ca(pki, "ca1");
        TestPki servers = TestPki.ca(pki, "ca2");
        TestPki unknown = TestPki.ca(pki, "ca3");
        good = clients.clientPkiPath(pki.resolve("good"), "jvirt tests", "client1", clients, servers);
        wrongCa = clients.clientPkiPath(pki.resolve("wrongca"), "jvirt tests", "client2", clients);
        foreignClient = unknown.clientPkiPath(pki.resolve("foreign"), "jvirt tests", "client3", unknown, servers);
        X509Files server = servers.server(pki.resolve("server"));
        Files.writeString(server.caCert(), Files.readString(clients.caCert()) + Files.readString(servers.caCert()));
        libvirtd = PrivateLibvirtd.start(server);
        // the local test driver too: test://HOST/ must still reach the remote driver, after it declined
        connector = StandaloneConnector.create(null, new TestDriver(), new RemoteDriver());
    }

    @AfterAll
    static void stop() throws Exception {
        if (libvirtd != null) {
            libvirtd.close();
        }
        if (pki != null) {
            try (Stream<Path> s = Files.walk(pki)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String uri(String scheme, String host, Path pkiPath, String extra) {
        return scheme + "://" + host + ":" + libvirtd.tlsPort() + "/default?pkipath=" + pkiPath + extra;
    }

    @Test
    void connectsWithTheClientCertificateAndChecksTheServers() {
        try (Connection c = connector.open(uri("test+tls", "127.0.0.1", good, ""))) {
            assertEquals("TEST", c.type());
            assertTrue(c.listAllDomains().stream().anyMatch(d -> d.name().equals("test")));
            assertTrue(c.isEncrypted(), "TLS is encrypted");
            assertTrue(c.isSecure(), "TLS to a daemon that says it is secure");
        }
        // the certificate names localhost too
        try (Connection c = connector.open(uri("test+tls", "localhost", good, ""))) {
            assertEquals("TEST", c.type());
        }
    }

    @Test
    void aUriWithAHostAndNoTransportIsTls() {
        try (Connection c = connector.open(uri("test", "127.0.0.1", good, ""))) {
            assertEquals("TEST", c.type());
            assertTrue(c.isEncrypted());
        }
        try (Connection local = connector.open("test:///default")) {
            assertEquals("test:///default", local.uri(), "a host-less test:/// stays the local driver's");
            assertTrue(!local.isEncrypted());
        }
    }

    @Test
    void aServerCertificateFromAnUnknownCaIsRefusedInLibvirtsWords() {
        VirtException e = assertThrows(VirtException.class, () -> connector.open(uri("test+tls", "127.0.0.1", wrongCa, "")));
        assertEquals(ErrorCode.SYSTEM_ERROR, e.code());
        assertEquals(ErrorDomain.RPC, e.errorDomain());
        assertEquals("Certificate failed validation: The certificate hasn't got a known issuer.", e.getMessage());
    }

    @Test
    void noVerifyAcceptsTheServerUnchecked() {
        try (Connection c = connector.open(uri("test+tls", "127.0.0.1", wrongCa, "&no_verify=1"))) {
            assertEquals("TEST", c.type());
            assertTrue(c.isEncrypted());
        }
    }

    @Test
    void tlsPriorityNarrowsTheVersionsAndRefusesWhatJvirtCannotHonour() {
        // libvirtd's GnuTLS end offers both versions: the client's priority decides
        try (Connection c = connector.open(uri("test+tls", "127.0.0.1", good, "&tls_priority=NORMAL:-VERS-TLS1.3"))) {
            assertEquals("TEST", c.type());
        }
        try (Connection c = connector.open(uri("test+tls", "127.0.0.1", good, "&tls_priority=NORMAL:-VERS-TLS1.2"))) {
            assertEquals("TEST", c.type());
        }
        VirtException e = assertThrows(VirtException.class,
            () -> connector.open(uri("test+tls", "127.0.0.1", good, "&tls_priority=NORMAL:-AES-128-CBC")));
        assertEquals(ErrorCode.SYSTEM_ERROR, e.code());
        assertTrue(e.getMessage().startsWith("Failed to set TLS session priority to NORMAL:-AES-128-CBC"), e.getMessage());
    }

    @Test
    void aClientCertificateTheServerDoesNotTrustEndsWithoutItsConfirmation() {
        VirtException e = assertThrows(VirtException.class,
            () -> connector.open(uri("test+tls", "127.0.0.1", foreignClient, "")));
        assertEquals(ErrorCode.RPC, e.code());
        assertEquals("server verification (of our certificate or IP address) failed", e.getMessage());
    }
}
