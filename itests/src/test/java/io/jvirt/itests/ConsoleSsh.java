package io.jvirt.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;

/**
 * Logs in to a running distribution's ssh console as one of its users and runs any console script
 * there, as an attacker with that user's password (or key) would: the tests' view of the console,
 * independent of bin/virt. Loopback only; the server's key is not checked (the test started it).
 */
final class ConsoleSsh {

    private ConsoleSsh() {
    }

    /** Runs {@code script} as {@code user} with a password; stdout and stderr together. */
    static KarafProcess.Result withPassword(int port, String user, String password, String script) throws IOException {
        return run(port, user, password, null, script);
    }

    /** Runs {@code script} as {@code user} with the private key in {@code keyFile}. */
    static KarafProcess.Result withKey(int port, String user, Path keyFile, String script) throws IOException {
        return run(port, user, null, keyFile, script);
    }

    /** Whether {@code user} can log in with {@code password} at all. */
    static boolean canLogIn(int port, String user, String password) throws IOException {
        SshClient client = client();
        try (ClientSession s = client.connect(user, "127.0.0.1", port).verify(Duration.ofSeconds(10)).getSession()) {
            s.addPasswordIdentity(password);
            try {
                s.auth().verify(Duration.ofSeconds(30));
                return true;
            } catch (IOException refused) {
                return false;
            }
        } finally {
            client.stop();
        }
    }

    private static KarafProcess.Result run(int port, String user, String password, Path keyFile, String script) throws IOException {
        SshClient client = client();
        try (ClientSession s = client.connect(user, "127.0.0.1", port).verify(Duration.ofSeconds(10)).getSession()) {
            if (password != null) {
                s.addPasswordIdentity(password);
            } else {
                for (KeyPair k : new FileKeyPairProvider(keyFile).loadKeys(null)) {
                    s.addPublicKeyIdentity(k);
                }
            }
            s.auth().verify(Duration.ofSeconds(30));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ChannelExec ch = s.createExecChannel(script)) {
                ch.setOut(out);
                ch.setErr(out);
                ch.open().verify(Duration.ofSeconds(30));
                Set<ClientChannelEvent> ev = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(120));
                if (!ev.contains(ClientChannelEvent.CLOSED)) {
                    throw new IOException("console script did not finish in 120 s: " + script);
                }
                Integer status = ch.getExitStatus();
                return new KarafProcess.Result(status == null ? -1 : status,
                    out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
            }
        } finally {
            client.stop();
        }
    }

    private static SshClient client() {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        return client;
    }
}
