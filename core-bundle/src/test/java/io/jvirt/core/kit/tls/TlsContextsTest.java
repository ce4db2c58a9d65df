package io.jvirt.core.kit.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.testing.Prerequisite;

/**
 * The kit's TLS contexts against each other over loopback, with certificates certtool made:
 * libvirt's checks of client certificates (CA, DN list), of the server's (CA, host name), the DN
 * string form compared with libvirt's own virt-pki-query-dn, and the PEM key kinds.
 */
class TlsContextsTest {

    @TempDir
    static Path tmp;
    static TestPki ca;
    static TestPki otherCa;
    static X509Files server;

    @BeforeAll
    static void pki() throws Exception {
        TestPki.require();
        ca = TestPki.ca(tmp, "ca1");
        otherCa = TestPki.ca(tmp, "ca2");
        server = ca.server(tmp.resolve("server-pki"));
    }

    /** Runs the server's handshake on one accepted socket while the client dials it. */
    private static TlsPeer[] connect(TlsServerContext srv, TlsClientContext cli, String host) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Socket[] serverRaw = new Socket[1];
            CompletableFuture<TlsPeer> s = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket raw = ss.accept();
                    serverRaw[0] = raw;
                    raw.setSoTimeout(20_000);
                    TlsPeer p = srv.handshake(raw);
                    return p;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Socket raw = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
            raw.setSoTimeout(20_000);
            TlsPeer c;
            try {
                c = cli.handshake(raw, host);
            } catch (IOException e) {
                // the server's reason, when it refused us, says more than the client's
                if (!String.valueOf(e.getMessage()).startsWith("server verification")) {
                    s.handle((x, y) -> null).get(30, TimeUnit.SECONDS);
                    throw e;
                }
                try {
                    s.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException se) {
                    if (se.getCause().getCause() instanceof IOException ioe) {
                        throw ioe;
                    }
                }
                throw e;
            }
            TlsPeer sp = s.get(30, TimeUnit.SECONDS);
            sp.socket().getOutputStream().write(42);
            assertEquals(42, c.socket().getInputStream().read());
            // the TCP sockets, not the TLS ones: JSSE's close waits for the peer's close_notify
            raw.close();
            serverRaw[0].close();
            return new TlsPeer[] {sp, c};
        }
    }

    @Test
    void aClientOfTheCaIsLetInWithItsDnInLibvirtsForm() throws Exception {
        Path pki = ca.clientPkiPath(tmp.resolve("c1"), "jvirt", "client1");
        TlsPeer[] p = connect(TlsServerContext.create(server, true, AllowedDnList.ANY),
            TlsClientContext.create(X509Files.clientPkiPath(pki), true), "127.0.0.1");
        assertEquals("C=GB,O=jvirt,CN=client1", p[0].dn());
        assertTrue(p[0].verified());
        assertEquals("O=jvirt tests,CN=localhost", p[1].dn());
        assertTrue(List.of("TLSv1.3", "TLSv1.2").contains(p[0].socket().getSession().getProtocol()));
    }

    @Test
    void theAllowedDnListIsMatchedAsGlobs() throws Exception {
        Path pki = ca.clientPkiPath(tmp.resolve("c2"), "jvirt", "client2");
        TlsClientContext cli = TlsClientContext.create(X509Files.clientPkiPath(pki), true);
        assertEquals("C=GB,O=jvirt,CN=client2", connect(TlsServerContext.create(server, true,
            AllowedDnList.of("C=GB,O=other,CN=*", "C=GB,O=jvirt,CN=client?")), cli, "localhost")[0].dn());
        Exception e = assertThrows(Exception.class, () -> connect(TlsServerContext.create(server, true,
            AllowedDnList.of("C=GB,O=jvirt,CN=admin*")), cli, "localhost"));
        assertTrue(e.getMessage().contains(AllowedDnList.NOT_ALLOWED), e.getMessage());
        assertTrue(e.getMessage().contains("C=GB,O=jvirt,CN=client2"), e.getMessage());
    }

    @Test
    void aClientWithoutACertificateOrFromAnotherCaIsRefused() throws Exception {
        TlsServerContext srv = TlsServerContext.create(server, true, AllowedDnList.ANY);
        Path none = TestPki.caOnlyPkiPath(tmp.resolve("c3"), ca);
        assertThrows(IOException.class, () -> connect(srv, TlsClientContext.create(X509Files.clientPkiPath(none), true), "127.0.0.1"));
        Path foreign = otherCa.clientPkiPath(tmp.resolve("c4"), "jvirt", "client4", ca, otherCa);
        assertThrows(IOException.class, () -> connect(srv, TlsClientContext.create(X509Files.clientPkiPath(foreign), true), "127.0.0.1"));
    }

    @Test
    void noVerifyLetsAnyClientInAndStillTellsItsDn() throws Exception {
        TlsServerContext srv = TlsServerContext.create(server, false, AllowedDnList.of("nobody"));
        Path none = TestPki.caOnlyPkiPath(tmp.resolve("c5"), ca);
        assertNull(connect(srv, TlsClientContext.create(X509Files.clientPkiPath(none), true), "127.0.0.1")[0].dn());
        Path foreign = otherCa.clientPkiPath(tmp.resolve("c6"), "jvirt", "client6", ca, otherCa);
        TlsPeer p = connect(srv, TlsClientContext.create(X509Files.clientPkiPath(foreign), true), "127.0.0.1")[0];
        assertEquals("C=GB,O=jvirt,CN=client6", p.dn());
        assertFalse(p.verified());
    }

    @Test
    void theClientChecksTheServersCaAndHostName() throws Exception {
        TlsServerContext srv = TlsServerContext.create(server, false, AllowedDnList.ANY);
        Path other = TestPki.caOnlyPkiPath(tmp.resolve("c7"), otherCa);
        assertThrows(IOException.class, () -> connect(srv, TlsClientContext.create(X509Files.clientPkiPath(other), true), "127.0.0.1"));
        Path mine = TestPki.caOnlyPkiPath(tmp.resolve("c8"), ca);
        Exception e = assertThrows(IOException.class,
            () -> connect(srv, TlsClientContext.create(X509Files.clientPkiPath(mine), true), "127.0.0.2"));
        assertEquals("Certificate [session] owner does not match the hostname 127.0.0.2", e.getMessage());
        // no_verify: neither the CA nor the name is checked
        assertEquals("O=jvirt tests,CN=localhost",
            connect(srv, TlsClientContext.create(X509Files.clientPkiPath(other), false), "127.0.0.2")[1].dn());
    }

    @Test
    void aServerWhoseCertificateItsCaDidNotSignDoesNotStart() throws Exception {
        X509Files mixed = new X509Files(otherCa.caCert(), server.cert(), server.key());
        Exception e = assertThrows(TlsSetupException.class, () -> TlsServerContext.create(mixed, true, AllowedDnList.ANY));
        assertTrue(e.getMessage().startsWith("Our own certificate " + server.cert() + " failed validation against "
            + otherCa.caCert()), e.getMessage());
        Exception missing = assertThrows(TlsSetupException.class, () -> TlsServerContext.create(
            X509Files.libvirtServer(tmp.resolve("nowhere")), true, AllowedDnList.ANY));
        assertEquals("Cannot read CA certificate '" + tmp.resolve("nowhere/CA/cacert.pem") + "': No such file or directory",
            missing.getMessage());
    }

    @Test
    void aServerWithTheCasRevocationListRefusesARevokedClient() throws Exception {
        Path revokedPki = ca.clientPkiPath(tmp.resolve("crl-c1"), "jvirt", "revoked");
        Path goodPki = ca.clientPkiPath(tmp.resolve("crl-c2"), "jvirt", "good");
        Path root = tmp.resolve("crl-server");
        X509Files files = ca.server(root);
        // libvirt's cacrl.pem beside cacert.pem is read when it exists (virNetTLSContextLocateCredentials)
        ca.crl(root.resolve("CA/cacrl.pem"), revokedPki.resolve("clientcert.pem"));
        X509Files withCrl = X509Files.libvirtServer(root);
        assertEquals(root.resolve("CA/cacrl.pem"), withCrl.crl());
        assertNull(files.crl(), "made before the list existed");
        TlsServerContext srv = TlsServerContext.create(withCrl, true, AllowedDnList.ANY);
        Exception e = assertThrows(IOException.class,
            () -> connect(srv, TlsClientContext.create(X509Files.clientPkiPath(revokedPki), true), "127.0.0.1"));
        assertTrue(e.getMessage().contains("Certificate failed validation: The certificate has been revoked."), e.getMessage());
        assertEquals("C=GB,O=jvirt,CN=good",
            connect(srv, TlsClientContext.create(X509Files.clientPkiPath(goodPki), true), "127.0.0.1")[0].dn());
    }

    @Test
    void aClientWithTheCasRevocationListRefusesARevokedServer() throws Exception {
        X509Files revokedServer = ca.server(tmp.resolve("crl-revoked-server"));
        TlsServerContext srv = TlsServerContext.create(revokedServer, false, AllowedDnList.ANY);
        Path pki = TestPki.caOnlyPkiPath(tmp.resolve("crl-c3"), ca);
        ca.crl(pki.resolve("cacrl.pem"), revokedServer.cert());
        X509Files client = X509Files.clientPkiPath(pki);
        assertEquals(pki.resolve("cacrl.pem"), client.crl());
        Exception e = assertThrows(IOException.class, () -> connect(srv, TlsClientContext.create(client, true), "127.0.0.1"));
        assertTrue(e.getMessage().contains("Certificate failed validation: The certificate has been revoked."), e.getMessage());
        // an empty list of the same CA revokes nothing
        Path clean = TestPki.caOnlyPkiPath(tmp.resolve("crl-c4"), ca);
        ca.crl(clean.resolve("cacrl.pem"));
        assertEquals("O=jvirt tests,CN=localhost",
            connect(srv, TlsClientContext.create(X509Files.clientPkiPath(clean), true), "127.0.0.1")[1].dn());
    }

    @Test
    void anUnreadableRevocationListStopsTheContextWithLibvirtsWords() throws Exception {
        Path root = tmp.resolve("crl-bad");
        ca.server(root);
        Files.writeString(root.resolve("CA/cacrl.pem"), "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
        Exception e = assertThrows(TlsSetupException.class,
            () -> TlsServerContext.create(X509Files.libvirtServer(root), true, AllowedDnList.ANY));
        assertTrue(e.getMessage().startsWith("Unable to set x509 certificate revocation list: " + root.resolve("CA/cacrl.pem")),
            e.getMessage());
    }

    @Test
    void thePriorityStringChoosesTheProtocolVersions() throws Exception {
        Path pki = ca.clientPkiPath(tmp.resolve("prio"), "jvirt", "prio");
        TlsPeer[] p = connect(TlsServerContext.create(server, true, AllowedDnList.ANY, "NORMAL:-VERS-TLS1.3"),
            TlsClientContext.create(X509Files.clientPkiPath(pki), true), "127.0.0.1");
        assertEquals("TLSv1.2", p[0].socket().getSession().getProtocol());
        // a client that offers TLS 1.3 only and a server that serves TLS 1.2 only do not meet
        assertThrows(IOException.class, () -> connect(TlsServerContext.create(server, true, AllowedDnList.ANY, "NORMAL:-VERS-TLS1.3"),
            TlsClientContext.create(X509Files.clientPkiPath(pki), true, "NORMAL:-VERS-TLS1.2"), "127.0.0.1"));
    }

    @Test
    void pkcs1Sec1AndPkcs8KeysAreRead() throws Exception {
        PrivateKey rsa = PemFiles.privateKey(server.key(), "key");
        assertEquals("RSA", rsa.getAlgorithm());
        Path p8 = tmp.resolve("p8.pem");
        Files.writeString(p8, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
        assertEquals(rsa, PemFiles.privateKey(p8, "key"));
        Path ec = tmp.resolve("ec.pem");
        Process p = new ProcessBuilder("certtool", "--generate-privkey", "--key-type", "ecdsa", "--outfile", ec.toString())
            .redirectErrorStream(true).redirectOutput(tmp.resolve("ec.log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(Files.readString(ec).contains("BEGIN EC PRIVATE KEY"));
        assertEquals("EC", PemFiles.privateKey(ec, "key").getAlgorithm());
        Path enc = tmp.resolve("enc.pem");
        Files.writeString(enc, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertTrue(assertThrows(TlsSetupException.class, () -> PemFiles.privateKey(enc, "key")).getMessage().contains("encrypted"));
    }

    @Test
    void theDnStringIsVirtPkiQueryDns() throws Exception {
        Path query = Path.of("/usr/bin/virt-pki-query-dn");
        Prerequisite.require(Files.isExecutable(query), "libvirt's virt-pki-query-dn (Debian package libvirt-clients)");
        Path dir = tmp.resolve("dn");
        Files.createDirectories(dir);
        Path key = dir.resolve("k.pem");
        Path cert = dir.resolve("c.pem");
        Path t = dir.resolve("t.info");
        Files.writeString(t, "dn_oid = 1.2.840.113549.1.9.1 a@b.example\ndn_oid = 2.5.4.9 Main St\ncountry = GB\n"
            + "organization = \"Red Hat, Inc.\"\nunit = \"Virt+Team\"\ncn = \"#client;1 \"\ndc = ex\nuid = u1\ntls_www_client\n");
        run(dir, "certtool", "--generate-privkey", "--key-type", "ecdsa", "--outfile", key.toString());
        run(dir, "certtool", "--generate-self-signed", "--load-privkey", key.toString(), "--template", t.toString(),
            "--outfile", cert.toString());
        String libvirts = run(dir, query.toString(), cert.toString()).strip();
        assertEquals("C=GB,O=Red Hat\\, Inc.,OU=Virt\\+Team,CN=\\#client\\;1\\ ,UID=u1,DC=ex,EMAIL=a@b.example,street=Main St", libvirts);
        assertEquals(libvirts, LibvirtDn.of(PemFiles.certificates(cert, "c").get(0).getSubjectX500Principal()));
    }

    @Test
    void globsAreGlibsSimplePatterns() {
        assertTrue(AllowedDnList.globMatches("*", ""));
        assertTrue(AllowedDnList.globMatches("C=GB,*,CN=a?c", "C=GB,O=x,CN=abc"));
        assertFalse(AllowedDnList.globMatches("C=GB,*,CN=a?c", "C=GB,O=x,CN=abcd"));
        assertTrue(AllowedDnList.globMatches("*CN=é?", "O=x,CN=éü"));
        assertFalse(AllowedDnList.globMatches("[a]", "a"));
        assertTrue(AllowedDnList.globMatches("a**b*", "axxbyy"));
        assertFalse(new AllowedDnList(List.of()).allows("C=GB"));
        assertTrue(AllowedDnList.ANY.allows("anything"));
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
        String s = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), s);
        return s;
    }
}
