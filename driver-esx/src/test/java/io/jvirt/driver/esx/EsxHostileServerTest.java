package io.jvirt.driver.esx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.HostileHttpServer;
import io.jvirt.core.kit.remote.AuthFile;
import io.jvirt.core.kit.remote.RemoteAccessPolicy;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.kit.remote.RemoteHttpClients;

/**
 * The driver against servers the test owns on 127.0.0.1 that behave as an attacker's would:
 * endless or trickled answers, and a fake vSphere endpoint that records what it is sent, to show
 * where the auth file's password goes and where it never goes. The class timeout is a safety net
 * against a hang (a hostile server is exactly what could cause one), not a measurement.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EsxHostileServerTest {

    static final String SECRET = "auth-file-secret-" + java.util.UUID.randomUUID();

    static final String SERVICE_CONTENT = "<?xml version=\"1.0\"?><soapenv:Envelope"
        + " xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>"
        + "<RetrieveServiceContentResponse xmlns=\"urn:vim25\"><returnval>"
        + "<rootFolder type=\"Folder\">ha-folder-root</rootFolder>"
        + "<propertyCollector type=\"PropertyCollector\">ha-property-collector</propertyCollector>"
        + "<sessionManager type=\"SessionManager\">ha-sessionmgr</sessionManager>"
        + "<about><fullName>Hostile 1.0</fullName><version>6.5.0</version><apiType>HostAgent</apiType>"
        + "<apiVersion>6.5</apiVersion><productLineId>embeddedEsx</productLineId></about>"
        + "</returnval></RetrieveServiceContentResponse></soapenv:Body></soapenv:Envelope>";

    @TempDir
    Path tmp;

    /** A fake vSphere endpoint: the service content, then InvalidLogin for every Login (after reading it). */
    static void fakeVsphere(HostileHttpServer.Request r, OutputStream out) throws java.io.IOException {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        if (body.contains("<RetrieveServiceContent")) {
            HostileHttpServer.respond(out, 200, "text/xml", SERVICE_CONTENT);
        } else {
            HostileHttpServer.respond(out, 500, "text/xml", SoapTest.FAULT);
        }
    }

    private Path authFile(String text) throws Exception {
        Path f = tmp.resolve("auth.conf");
        Files.writeString(f, text);
        return f;
    }

    private static final String HOST_SECTION = "[credentials-admin]\nusername=root\npassword=" + SECRET + "\n\n"
        + "[auth-esx-127.0.0.1]\ncredentials=admin\n";

    private static final String DEFAULT_SECTION = "[credentials-admin]\nusername=root\npassword=" + SECRET + "\n\n"
        + "[auth-esx-default]\ncredentials=admin\n";

    private EsxDriver driver(Path auth, EsxSettings s) {
        return new EsxDriver(s, () -> Map.of(AuthFile.ENV, auth.toString()));
    }

    private static EsxSettings settings() {
        return EsxSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /** The administrator allowed plain HTTP (and unverified TLS) to this test server, and nothing else. */
    private static EsxSettings insecureAllowed(HostileHttpServer server, String... defaultCredentialHosts) {
        String self = "127.0.0.1:" + server.port();
        return settings().withPolicy(RemoteAccessPolicy.of(defaultCredentialHosts, new String[] {self},
            new String[] {self}));
    }

    private static VirtException open(EsxDriver d, String uri) {
        return assertThrows(VirtException.class, () -> d.open(new ConnectRequest(URI.create(uri), false)));
    }

    // ---------- sizes and deadlines ----------

    @Test
    void anAnswerThatNeverEndsIsCutAtTheSizeCap() throws Exception {
        long total = 64L << 20;
        try (HostileHttpServer server = HostileHttpServer.http((r, out) -> {
            HostileHttpServer.head(out, 200, "Content-Type: text/xml");
            byte[] junk = "<x>".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
            for (long sent = 0; sent < total; sent += junk.length) {
                out.write(junk);
            }
        })) {
            EsxDriver d = driver(authFile(HOST_SECTION), insecureAllowed(server).withMaxResponseBytes(1 << 20));
            VirtException e = open(d, "esx://127.0.0.1:" + server.port() + "/?transport=http");
            assertEquals(ErrorCode.OPERATION_FAILED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("larger than"), e.getMessage());
            assertTrue(server.clientHungUpOnFirstConnection(Duration.ofMinutes(2)), "the client stopped reading");
            assertTrue(server.bytesWritten() < total, server.bytesWritten() + " bytes written");
        }
    }

    @Test
    void aDeclaredLengthBeyondTheCapIsRefusedBeforeTheBodyIsRead() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.http((r, out) -> {
            HostileHttpServer.head(out, 200, "Content-Type: text/xml", "Content-Length: " + (10L << 30));
            byte[] junk = new byte[1 << 16];
            for (int i = 0; i < 1024; i++) { // 64 MiB at most, then the connection ends
                out.write(junk);
            }
        })) {
            VirtException e = open(driver(authFile(HOST_SECTION), insecureAllowed(server)),
                "esx://127.0.0.1:" + server.port() + "/?transport=http");
            assertEquals(ErrorCode.OPERATION_FAILED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("larger than 33554432 bytes (response.max.bytes of io.jvirt.driver.esx)"),
                e.getMessage());
            assertTrue(server.clientHungUpOnFirstConnection(Duration.ofMinutes(2)), "the client stopped reading");
        }
    }

    @Test
    void anAnswerTrickledByteByByteFailsAtTheDeadline() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.http((r, out) -> {
            HostileHttpServer.head(out, 200, "Content-Type: text/xml", "Content-Length: 1000");
            for (int i = 0; i < 120; i++) { // 30 s of trickle at most, then the connection ends
                out.write(' ');
                out.flush();
                Thread.sleep(250);
            }
        })) {
            EsxSettings s = insecureAllowed(server).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));
            VirtException e = open(driver(authFile(HOST_SECTION), s), "esx://127.0.0.1:" + server.port() + "/?transport=http");
            assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("no complete answer to 'RetrieveServiceContent'"), e.getMessage());
            assertTrue(server.clientHungUpOnFirstConnection(Duration.ofMinutes(2)), "the client hung up at its deadline");
        }
    }

    // ---------- where the auth file's password goes ----------

    @Test
    void aDatastoreDownloadIsCappedToo() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.http((r, out) -> {
            HostileHttpServer.head(out, 200, "Content-Type: text/plain");
            byte[] junk = "a = \"b\"\n".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 1024; i++) { // 64 MiB at most
                out.write(junk);
            }
        })) {
            VimClient c = new VimClient(new RemoteHttpClients(Duration.ofSeconds(5)).get(false),
                URI.create("http://127.0.0.1:" + server.port() + "/sdk"), Duration.ofSeconds(30),
                EsxSettings.DEFAULT_MAX_RESPONSE_BYTES, false);
            VirtException e = assertThrows(VirtException.class, () -> c.download("dc", "ds", "vm/vm.vmx"));
            assertEquals(ErrorCode.OPERATION_FAILED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("larger than 1048576 bytes"), e.getMessage());
            assertTrue(server.clientHungUpOnFirstConnection(Duration.ofMinutes(2)), "the client stopped reading");
        }
    }

    @Test
    void defaultCredentialsAreNotSentToAHostTheUserTyped() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.http(EsxHostileServerTest::fakeVsphere)) {
            // plain HTTP allowed (so that only the credential rule is tested), the host not listed for defaults
            VirtException e = open(driver(authFile(DEFAULT_SECTION), insecureAllowed(server)),
                "esx://127.0.0.1:" + server.port() + "/?transport=http");
            assertEquals(ErrorCode.AUTH_FAILED, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("Password request failed"), e.getMessage());
            assertFalse(server.received().contains(SECRET), "the default credentials reached a typed host");
            assertTrue(server.requests().isEmpty(), "nothing is sent without credentials");
        }
    }

    @Test
    void defaultCredentialsGoToTheHostsTheAdministratorListed() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.http(EsxHostileServerTest::fakeVsphere)) {
            VirtException e = open(driver(authFile(DEFAULT_SECTION), insecureAllowed(server, "127.0.0.1")),
                "esx://127.0.0.1:" + server.port() + "/?transport=http");
            // the fake server refuses every login: it got the password, which is what this checks
            assertEquals(ErrorCode.AUTH_FAILED, e.code(), e.getMessage());
            assertTrue(server.received().contains(SECRET), "the listed host gets the default credentials");
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        }
    }

    @Test
    void aHostGroupReachesItsHostWhereTheTransportIsAllowed() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.http(EsxHostileServerTest::fakeVsphere)) {
            open(driver(authFile(HOST_SECTION), insecureAllowed(server)), "esx://127.0.0.1:" + server.port()
                + "/?transport=http");
            assertTrue(server.received().contains(SECRET), "the control: an allowed server gets the password");
        }
    }

    @Test
    void withoutCredentialsTheErrorSaysWhereToPutThem() throws Exception {
        VirtException e = open(driver(authFile(HOST_SECTION), settings()), "esx://nobody.invalid/");
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertTrue(e.getMessage().contains("LIBVIRT_AUTH_FILE") && e.getMessage().contains("[auth-esx-nobody.invalid]"),
            e.getMessage());
    }

    @Test
    void fileCredentialsNeverTravelOverPlainHttpUnlessAllowed() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.http(EsxHostileServerTest::fakeVsphere)) {
            String elsewhere = "127.0.0.1:" + (server.port() == 65535 ? 1 : server.port() + 1);
            EsxSettings otherPortOnly = settings().withPolicy(RemoteAccessPolicy.of(null, new String[] {elsewhere}, null));
            for (EsxSettings s : new EsxSettings[] {settings(), otherPortOnly}) {
                VirtException e = open(driver(authFile(HOST_SECTION), s),
                    "esx://127.0.0.1:" + server.port() + "/?transport=http");
                assertEquals(ErrorCode.OPERATION_DENIED, e.code(), e.getMessage());
                assertTrue(e.getMessage().contains("plain.http.hosts of io.jvirt.driver.esx"), e.getMessage());
            }
            assertTrue(server.requests().isEmpty(), "nothing is sent");
            assertFalse(server.received().contains(SECRET));
        }
    }

    @Test
    void norToAServerWhoseCertificateWasNotChecked() throws Exception {
        try (HostileHttpServer server = HostileHttpServer.https(tmp, EsxHostileServerTest::fakeVsphere)) {
            VirtException e = open(driver(authFile(HOST_SECTION), settings()),
                "esx://127.0.0.1:" + server.port() + "/?no_verify=1");
            assertEquals(ErrorCode.OPERATION_DENIED, e.code(), e.getMessage());
            assertFalse(server.received().contains(SECRET), "the password reached an unverified server");
            // without no_verify the certificate check refuses the server before anything is sent
            VirtException verified = open(driver(authFile(HOST_SECTION), settings()), "esx://127.0.0.1:" + server.port() + "/");
            assertEquals(ErrorCode.OPERATION_FAILED, verified.code(), verified.getMessage());
            assertTrue(verified.getMessage().contains("TLS"), verified.getMessage());
            assertTrue(server.requests().isEmpty(), "nothing is sent");
            // the control: allowed, the same server gets it
            open(driver(authFile(HOST_SECTION), insecureAllowed(server)), "esx://127.0.0.1:" + server.port() + "/?no_verify=1");
            assertTrue(server.received().contains(SECRET));
        }
    }
}
