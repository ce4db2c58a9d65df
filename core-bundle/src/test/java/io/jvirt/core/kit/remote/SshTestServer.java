package io.jvirt.core.kit.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An in-process MINA SSHD server on a loopback port for SshConnectionTest: password and public
 * key auth, a fixed host key, and a few scripted commands (see {@link #run}).
 */
final class SshTestServer implements AutoCloseable {

    final KeyPair hostKey = rsa();
    final SshServer server = SshServer.setUpDefaultServer();
    final AtomicInteger logins = new AtomicInteger();
    volatile PublicKey allowedKey;
    volatile String password = "secret";

    SshTestServer() throws IOException {
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((user, pw, session) -> {
            boolean ok = "hscroot".equals(user) && pw.equals(password);
            if (ok) {
                logins.incrementAndGet();
            }
            return ok;
        });
        server.setPublickeyAuthenticator((user, key, session) -> {
            boolean ok = "hscroot".equals(user) && allowedKey != null && KeyUtils.compareKeys(key, allowedKey);
            if (ok) {
                logins.incrementAndGet();
            }
            return ok;
        });
        server.setCommandFactory((channel, command) -> new Scripted(command));
        server.start();
    }

    int port() {
        return server.getPort();
    }

    /** A known_hosts line for this server's key at its port. */
    String knownHostsLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
    }

    /** Closes every session, as a server restart or a network drop would. */
    void dropSessions() {
        server.getActiveSessions().forEach(s -> s.close(true));
    }

    static KeyPair rsa() {
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

    /**
     * "greet NAME" prints "hello NAME" to stdout and "note" to stderr and exits 3; "hang" never
     * ends; "flood N" writes N bytes; anything else: "unknown command" on stderr, exit 127.
     */
    private static final class Scripted implements Command, Runnable {
        private final String command;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Thread thread;

        Scripted(String command) {
            this.command = command;
        }

        @Override public void setInputStream(InputStream in) { }
        @Override public void setOutputStream(OutputStream out) { this.out = out; }
        @Override public void setErrorStream(OutputStream err) { this.err = err; }
        @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

        @Override
        public void start(ChannelSession channel, Environment env) {
            thread = new Thread(this, "ssh-test-command");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            thread.interrupt();
        }

        @Override
        public void run() {
            try {
                int status;
                if (command.startsWith("greet ")) {
                    out.write(("hello " + command.substring(6) + "\n").getBytes(StandardCharsets.UTF_8));
                    err.write("note\n".getBytes(StandardCharsets.UTF_8));
                    status = 3;
                } else if (command.equals("hang")) {
                    Thread.sleep(Long.MAX_VALUE);
                    return;
                } else if (command.startsWith("flood ")) {
                    byte[] chunk = new byte[1024];
                    for (int n = Integer.parseInt(command.substring(6)); n > 0; n -= chunk.length) {
                        out.write(chunk, 0, Math.min(n, chunk.length));
                        out.flush();
                    }
                    status = 0;
                } else {
                    err.write(("unknown command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                    status = 127;
                }
                out.flush();
                err.flush();
                exit.onExit(status);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                exit.onExit(1, e.toString());
            }
        }
    }
}
