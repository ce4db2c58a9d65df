package io.jvirt.driver.phyp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * The stand-in HMC (or IVM): an Apache MINA SSHD server on a loopback port with a fixed host key
 * (one per stand-in), password and public-key authentication for one user, whose exec channels run
 * {@link HmcCommands}. Also a main for the distribution's tests:
 * {@code HmcStandIn hmc|ivm PASSWORD DIR} prints the port, writes DIR/known_hosts and DIR/id_rsa
 * (a key it accepts), and serves until stdin closes.
 */
public final class HmcStandIn implements AutoCloseable {

    public static final String USER = "hscroot";

    public final HmcCommands commands;
    public final KeyPair hostKey = rsa();
    private final SshServer server = SshServer.setUpDefaultServer();
    private final Set<PublicKey> authorized = new CopyOnWriteArraySet<>();
    /** Successful logins so far. */
    public final AtomicInteger logins = new AtomicInteger();
    private volatile String password;

    public HmcStandIn(HmcCommands.Mode mode, String system, String password) throws IOException {
        this.commands = new HmcCommands(mode, system);
        this.password = password;
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, pw, session) -> counted(USER.equals(user) && pw.equals(this.password)));
        server.setPublickeyAuthenticator((user, key, session) -> counted(USER.equals(user)
            && authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key))));
        server.setCommandFactory((channel, command) -> new Exec(commands, command));
        server.start();
    }

    private boolean counted(boolean ok) {
        if (ok) {
            logins.incrementAndGet();
        }
        return ok;
    }

    public int port() {
        return server.getPort();
    }

    /** Accepts {@code key} for {@link #USER}. */
    public void authorize(PublicKey key) {
        authorized.add(key);
    }

    /** A known_hosts line naming this server's key at its port. */
    public String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
    }

    /** Closes every session, as an HMC restart or a network drop would. */
    public void dropSessions() {
        server.getActiveSessions().forEach(s -> s.close(true));
    }

    /** Writes a new private key to {@code file} (OpenSSH format, no passphrase) and accepts it. */
    public void writeAuthorizedKey(Path file) throws IOException {
        KeyPair key = rsa();
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "jvirt-test", null, out);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        authorize(key.getPublic());
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** One exec channel: the command runs at once (they are all quick) on the channel's thread. */
    private static final class Exec implements Command {
        private final HmcCommands commands;
        private final String line;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        Exec(HmcCommands commands, String line) {
            this.commands = commands;
            this.line = line;
        }

        @Override public void setInputStream(InputStream in) { }
        @Override public void setOutputStream(OutputStream out) { this.out = out; }
        @Override public void setErrorStream(OutputStream err) { this.err = err; }
        @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }
        @Override public void destroy(ChannelSession channel) { }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread t = new Thread(() -> {
                HmcCommands.Result r = commands.run(line);
                try {
                    out.write(r.out().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    err.write(r.err().getBytes(StandardCharsets.UTF_8));
                    err.flush();
                    exit.onExit(r.status());
                } catch (IOException e) {
                    exit.onExit(1, e.toString());
                }
            }, "hmc-stand-in");
            t.setDaemon(true);
            t.start();
        }
    }

    /** {@code HmcStandIn hmc|ivm SYSTEM PASSWORD DIR}: serves until stdin closes. */
    public static void main(String[] args) throws Exception {
        HmcCommands.Mode mode = HmcCommands.Mode.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
        try (HmcStandIn s = new HmcStandIn(mode, args[1], args[2])) {
            Path dir = Path.of(args[3]);
            Files.writeString(dir.resolve("known_hosts"), s.knownHostsLine());
            s.writeAuthorizedKey(dir.resolve("id_rsa"));
            System.out.println(s.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the test closes our stdin
            }
        }
    }
}
