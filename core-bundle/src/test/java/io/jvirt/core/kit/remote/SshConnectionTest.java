package io.jvirt.core.kit.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.Credential;
import io.jvirt.api.CredentialType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** The kit's SSH client against an in-process MINA SSHD server on loopback. */
class SshConnectionTest {

    @TempDir
    Path dir;
    private SshTestServer server;
    private Path knownHosts;
    private final List<Credential> asked = new ArrayList<>();
    private final List<SshConnection> opened = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new SshTestServer();
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine());
    }

    @AfterEach
    void stop() throws IOException {
        opened.forEach(SshConnection::close);
        server.close();
    }

    private SshSettings settings(Duration commandTimeout, int maxOutput) {
        return new SshSettings(knownHosts, dir.resolve("id_rsa"), Duration.ofSeconds(20), commandTimeout, maxOutput);
    }

    private SshSettings settings() {
        return settings(Duration.ofSeconds(20), 1 << 20);
    }

    private RemoteEndpoint endpoint() {
        return new RemoteEndpoint(SshConnection.SERVICE, "127.0.0.1", server.port());
    }

    private ConnectAuth password(String pw) {
        return ConnectAuth.of(creds -> {
            for (Credential c : creds) {
                asked.add(c);
                c.result(pw);
            }
            return true;
        }, CredentialType.AUTHNAME, CredentialType.PASSPHRASE);
    }

    private RemoteLogin login(RemoteAccessPolicy policy, Map<String, String> env) {
        return new RemoteLogin(policy, "", () -> env, null, ErrorDomain.PHYP, "io.jvirt.driver.phyp");
    }

    private SshConnection open(String user, boolean noVerify, ConnectAuth auth, SshSettings settings) {
        SshConnection c = SshConnection.open(endpoint(), user, noVerify, auth, login(RemoteAccessPolicy.STRICT,
            Map.of()), settings);
        opened.add(c);
        return c;
    }

    @Test
    void aPasswordLoginRunsCommandsWithTheirStatusAndBothOutputsOnOneSession() {
        SshConnection c = open("hscroot", false, password("secret"), settings());

        SshResult r = c.exec("greet lpar1");
        assertEquals(3, r.exitStatus());
        assertEquals("hello lpar1\n", r.stdout());
        assertEquals("note\n", r.stderr());
        assertEquals("note", r.diagnostic());
        assertEquals(127, c.exec("nonsense").exitStatus());
        assertEquals(1, server.logins.get(), "one session for every command");
        assertEquals(1, asked.size(), "the password is asked once: " + asked);
        assertEquals(CredentialType.PASSPHRASE, asked.get(0).type());
    }

    @Test
    void theKeyIsTriedFirstAndNoPasswordIsAskedWhenItIsAccepted() throws Exception {
        KeyPair key = SshTestServer.rsa();
        try (OutputStream out = Files.newOutputStream(dir.resolve("id_rsa"))) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", null, out);
        }
        server.allowedKey = key.getPublic();

        SshConnection c = open("hscroot", false, password("wrong"), settings());
        assertEquals("hello k\n", c.exec("greet k").stdout());
        assertTrue(asked.isEmpty(), "no password asked: " + asked);
    }

    @Test
    void aRefusedKeyFallsBackToThePasswordOfTheAuthFile() throws Exception {
        KeyPair key = SshTestServer.rsa();
        try (OutputStream out = Files.newOutputStream(dir.resolve("id_rsa"))) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", null, out);
        }
        Path auth = dir.resolve("auth.conf");
        Files.writeString(auth, "[credentials-hmc]\nusername=hscroot\npassword=secret\n\n[auth-ssh-127.0.0.1]\n"
            + "credentials=hmc\n");
        SshConnection c = SshConnection.open(endpoint(), null, false, ConnectAuth.NONE,
            login(RemoteAccessPolicy.STRICT, Map.of(AuthFile.ENV, auth.toString())), settings());
        opened.add(c);
        assertEquals("hscroot", c.user(), "the user of the auth file");
        assertEquals("hello f\n", c.exec("greet f").stdout());
    }

    @Test
    void aWrongPasswordIsAuthFailed() {
        VirtException e = assertThrows(VirtException.class, () -> open("hscroot", false, password("nope"), settings()));
        assertEquals(ErrorCode.AUTH_FAILED, e.code(), e.getMessage());
        assertEquals(ErrorDomain.PHYP, e.errorDomain());
    }

    @Test
    void anUnknownHostKeyIsRefusedAndNoPasswordIsSent() throws IOException {
        Files.writeString(knownHosts, "");
        VirtException e = assertThrows(VirtException.class, () -> open("hscroot", false, password("secret"), settings()));
        assertEquals(ErrorCode.SSH, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("host key verification failed"), e.getMessage());
        assertTrue(asked.isEmpty(), "nothing asked before the server is known");
        assertEquals(0, server.logins.get());
    }

    @Test
    void aMissingKnownHostsFileKnowsNoServer() throws IOException {
        Files.delete(knownHosts);
        VirtException e = assertThrows(VirtException.class, () -> open("hscroot", false, password("secret"), settings()));
        assertEquals(ErrorCode.SSH, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("host key verification failed"), e.getMessage());
        assertTrue(asked.isEmpty());
    }

    @Test
    void aChangedHostKeyIsRefused() throws IOException {
        KeyPair other = SshTestServer.rsa();
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " "
            + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(other.getPublic()) + "\n");
        VirtException e = assertThrows(VirtException.class, () -> open("hscroot", false, password("secret"), settings()));
        assertEquals(ErrorCode.SSH, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("host key verification failed"), e.getMessage());
        assertEquals(0, server.logins.get());
    }

    @Test
    void noVerifyIsRefusedUnlessTheAdministratorListsTheServer() throws IOException {
        Files.writeString(knownHosts, "");
        VirtException e = assertThrows(VirtException.class, () -> open("hscroot", true, password("secret"), settings()));
        assertEquals(ErrorCode.OPERATION_DENIED, e.code(), e.getMessage());

        RemoteAccessPolicy allowed = RemoteAccessPolicy.of(null, null, new String[] {"127.0.0.1"});
        SshConnection c = SshConnection.open(endpoint(), "hscroot", true, password("secret"),
            login(allowed, Map.of()), settings());
        opened.add(c);
        assertEquals("hello v\n", c.exec("greet v").stdout());
    }

    @Test
    void aDroppedSessionIsEstablishedAgainOnTheNextCommand() {
        SshConnection c = open("hscroot", false, password("secret"), settings());
        assertEquals(3, c.exec("greet a").exitStatus());

        server.dropSessions();
        assertEquals("hello b\n", c.exec("greet b").stdout());
        assertEquals(2, server.logins.get(), "a second login");
        assertEquals(1, asked.size(), "the password kept for reconnecting, not asked again");
    }

    @Test
    void aCommandThatNeverEndsTimesOutAndTheSessionStaysUsable() {
        SshConnection c = open("hscroot", false, password("secret"), settings(Duration.ofMillis(500), 1 << 20));
        VirtException e = assertThrows(VirtException.class, () -> c.exec("hang"));
        assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code(), e.getMessage());
        assertEquals("hello c\n", c.exec("greet c").stdout());
    }

    @Test
    void outputOverTheCapFailsTheCommand() {
        SshConnection c = open("hscroot", false, password("secret"), settings(Duration.ofSeconds(20), 4096));
        assertEquals(0, c.exec("flood 4000").exitStatus());
        VirtException e = assertThrows(VirtException.class, () -> c.exec("flood 100000"));
        assertEquals(ErrorCode.SSH, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("exceeds 4096 bytes"), e.getMessage());
    }

    @Test
    void aServerThatNeverSpeaksIsBoundedByTheConnectTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SshSettings s = new SshSettings(knownHosts, dir.resolve("id_rsa"), Duration.ofMillis(500),
                Duration.ofSeconds(1), 1024);
            VirtException e = assertThrows(VirtException.class, () -> SshConnection.open(
                new RemoteEndpoint(SshConnection.SERVICE, "127.0.0.1", silent.getLocalPort()), "hscroot", false,
                () -> "secret", s, ErrorDomain.PHYP));
            assertEquals(ErrorCode.OPERATION_TIMEOUT, e.code(), e.getMessage());
        }
    }

    @Test
    void aClosedConnectionRefusesCommands() {
        SshConnection c = open("hscroot", false, password("secret"), settings());
        c.close();
        assertFalse(c.isOpen());
        VirtException e = assertThrows(VirtException.class, () -> c.exec("greet x"));
        assertEquals(ErrorCode.SSH, e.code());
        assertEquals(1, server.logins.get());
    }
}
