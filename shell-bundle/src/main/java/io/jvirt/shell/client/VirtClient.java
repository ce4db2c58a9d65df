package io.jvirt.shell.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * {@code bin/virt}: runs one {@code virt:} command through the running container's ssh console and
 * exits with its status, for scripts (no terminal needed).
 *
 * <pre>
 *   bin/virt [-c URI|NAME] COMMAND [ARGS...]
 * </pre>
 *
 * <ul>
 * <li>Arguments reach the console as data ({@link ConsoleScript}): {@code $(...)}, {@code ${...}},
 *     {@code ;} or {@code >} inside an argument do nothing.</li>
 * <li>{@code -c URI|NAME} runs {@code virt:connect} first (a URI or a {@code uri.aliases} name);
 *     when it fails, the command does not run.</li>
 * <li>Who: {@code JVIRT_USER} (default {@value LocalAdminKey#USER}). How: {@code JVIRT_PASSWORD}
 *     from the environment (never from the command line: another user can read a process's
 *     arguments, not its environment), else the private key {@code JVIRT_KEY}, else the
 *     installation's local administrator key ({@link LocalAdminKey}, for whoever may read
 *     {@code etc/}).</li>
 * <li>The server is who it claims: its host key must be the one in {@code etc/host.key} when the
 *     caller can read it (root); otherwise it is remembered at first use in
 *     {@code ~/.config/jvirt/known_hosts} and must not change.</li>
 * <li>Where: 127.0.0.1, port {@code JVIRT_PORT}, else {@code sshPort} of
 *     {@code etc/org.apache.karaf.shell.cfg}, else 8101. The container is waited for up to
 *     {@code JVIRT_CONNECT_TIMEOUT} seconds (30) while it starts.</li>
 * </ul>
 * Exit status: the command's (0 or 1), 2 for a usage error, 255 when the console cannot be reached.
 */
public final class VirtClient {

    private static final int USAGE = 2;
    private static final int UNREACHABLE = 255;

    private final Path home;
    private final Map<String, String> env;
    private final PrintStream err;

    VirtClient(Path home, Map<String, String> env, PrintStream err) {
        this.home = home;
        this.env = env;
        this.err = err;
    }

    public static void main(String[] args) {
        String home = System.getProperty("jvirt.home");
        if (home == null) {
            System.err.println("virt: jvirt.home is not set (run bin/virt)");
            System.exit(USAGE);
        }
        System.exit(new VirtClient(Path.of(home), System.getenv(), System.err).run(args));
    }

    int run(String[] args) {
        String connection = null;
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            if (("-c".equals(args[i]) || "--connect".equals(args[i])) && i + 1 < args.length) {
                connection = args[i + 1];
                i += 2;
            } else if ("--".equals(args[i])) {
                i++;
                break;
            } else {
                return usage();
            }
        }
        if (i >= args.length) {
            return usage();
        }
        String script;
        try {
            script = ConsoleScript.command(connection, args[i], List.of(args).subList(i + 1, args.length));
        } catch (IllegalArgumentException e) {
            err.println("virt: " + e.getMessage());
            return USAGE;
        }
        try {
            return execute(script);
        } catch (IOException e) {
            err.println("virt: " + e.getMessage());
            return UNREACHABLE;
        }
    }

    private int usage() {
        err.println("usage: virt [-c URI|NAME] COMMAND [ARGS...]   (a virt: command without its scope, e.g. 'list --all')");
        return USAGE;
    }

    private int execute(String script) throws IOException {
        String user = env.getOrDefault("JVIRT_USER", LocalAdminKey.USER);
        String password = env.get("JVIRT_PASSWORD");
        KeyPair key = password == null ? key() : null;
        int port = port();
        long connectTimeout = seconds("JVIRT_CONNECT_TIMEOUT", 30);
        long commandTimeout = seconds("JVIRT_TIMEOUT", 3600);
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(serverKeyVerifier());
        client.start();
        try (ClientSession session = connect(client, user, port, connectTimeout)) {
            if (password != null) {
                session.addPasswordIdentity(password);
            } else {
                session.addPublicKeyIdentity(key);
            }
            try {
                session.auth().verify(Duration.ofSeconds(30));
            } catch (IOException e) {
                throw new IOException("authentication of '" + user + "' failed", e);
            }
            try (ChannelExec channel = session.createExecChannel(script)) {
                channel.setOut(new NoClose(System.out));
                channel.setErr(new NoClose(System.err));
                // no stdin: Karaf's console ends a command whose input reaches its end
                channel.open().verify(Duration.ofSeconds(30));
                Set<ClientChannelEvent> ev = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                    commandTimeout == 0 ? 0 : commandTimeout * 1000);
                if (!ev.contains(ClientChannelEvent.CLOSED)) {
                    err.println("virt: the command did not finish in " + commandTimeout + " s");
                    return 1;
                }
                Integer status = channel.getExitStatus();
                return status == null ? 1 : status;
            }
        } finally {
            client.stop();
        }
    }

    private ClientSession connect(SshClient client, String user, int port, long timeoutSeconds) throws IOException {
        long end = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            try {
                return client.connect(user, "127.0.0.1", port).verify(Duration.ofSeconds(10)).getSession();
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new IOException("cannot reach the console on 127.0.0.1:" + port + " (is the container running? bin/start)", e);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", ie);
                }
            }
        }
    }

    private KeyPair key() throws IOException {
        String file = env.get("JVIRT_KEY");
        if (file != null) {
            return KeyFiles.readPem(Path.of(file));
        }
        Path etc = home.resolve("etc");
        if (!Files.isReadable(etc.resolve(LocalAdminKey.FILE)) && !Files.isWritable(etc)) {
            throw new IOException("no credentials: set JVIRT_USER and JVIRT_PASSWORD (or JVIRT_KEY), "
                + "or run bin/virt as the user who owns " + etc);
        }
        return LocalAdminKey.ensure(etc);
    }

    /** The container's own host key when the caller may read it, else trust on first use. */
    private ServerKeyVerifier serverKeyVerifier() throws IOException {
        Path hostKey = home.resolve("etc/host.key");
        if (Files.isReadable(hostKey)) {
            PublicKey expected = KeyFiles.readPem(hostKey).getPublic();
            return (ClientSession s, SocketAddress remote, PublicKey offered) -> KeyFiles.same(expected, offered);
        }
        Path knownHosts = Path.of(System.getProperty("user.home"), ".config", "jvirt", "known_hosts");
        Files.createDirectories(knownHosts.getParent());
        return new KnownHostsServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE, knownHosts);
    }

    private int port() throws IOException {
        String p = env.get("JVIRT_PORT");
        if (p == null) {
            Path cfg = home.resolve("etc/org.apache.karaf.shell.cfg");
            if (Files.isReadable(cfg)) {
                Properties props = new Properties();
                try (InputStream in = Files.newInputStream(cfg)) {
                    props.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
                }
                p = props.getProperty("sshPort");
            }
        }
        try {
            return p == null ? 8101 : Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            throw new IOException("not a port: " + p);
        }
    }

    private long seconds(String name, long dflt) throws IOException {
        String v = env.get(name);
        try {
            return v == null ? dflt : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IOException(name + " is not a number of seconds: " + v);
        }
    }

    /** The process's own stdout/stderr, which closing the channel must not close. */
    private static final class NoClose extends java.io.FilterOutputStream {
        NoClose(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
