package io.jvirt.core.kit.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.UserAuthFactory;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * One SSH connection of a remote driver (PowerVM's HMC today, {@code qemu+ssh://} next), on
 * Apache MINA SSHD (the {@code sshd-osgi} bundle Karaf's own console ships): one session, reused
 * for every command and established again on the next command when it dropped; each command a
 * bounded exec channel giving back its exit status, stdout and stderr ({@link SshResult}).
 *
 * <p>Who the server is: its key must be listed for the host (and port, OpenSSH's
 * {@code [host]:port} form) in the settings' known-hosts file; any other key, including one that
 * changed, is refused (SSH/SSH "host key verification failed"), unless the URI said
 * {@code no_verify=1} and the administrator lists the server in
 * {@value RemoteAccessPolicy#KEY_UNVERIFIED_TLS} (else OPERATION_DENIED before connecting).
 * Nothing of the process user's {@code ~/.ssh/config} or agent is read: the connection goes
 * where the URI says, with the identities named here only.
 *
 * <p>How it logs in, as libvirt's phyp driver did: the private key of the settings first, then a
 * password. The user comes from {@link RemoteLogin#user} (URI, auth file, callback) before
 * connecting; the password ({@link RemoteLogin#password}: auth file, then callback) is asked only
 * when the server refused the key, once per connection: it is kept in memory for reconnecting,
 * since the client that opened the connection may be gone by then.
 *
 * @since 1.3.0
 */
public final class SshConnection implements AutoCloseable {

    /** The auth-file service name of SSH logins (libvirt's "ssh"). */
    public static final String SERVICE = "ssh";

    private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);
    private static final long MAX_KEY_FILE = 64 * 1024;

    private final RemoteEndpoint to;
    private final String user;
    private final SshSettings settings;
    private final ErrorDomain domain;
    private final Supplier<String> passwordSource;
    private final SshClient client;
    /** The fingerprint of the last key the verifier refused, for the message. */
    private final AtomicReference<String> refusedKey = new AtomicReference<>();
    /** Guards {@link #password}: asked on MINA's thread while {@code this} is held by connect(). */
    private final Object passwordLock = new Object();
    private String password;
    private ClientSession session;
    private boolean closed;

    private SshConnection(RemoteEndpoint to, String user, boolean noVerify, Supplier<String> password,
                          SshSettings settings, ErrorDomain domain) {
        this.to = to;
        this.user = user;
        this.settings = settings;
        this.domain = domain;
        this.passwordSource = password;
        this.client = SshClient.setUpDefaultClient();
        // never the process user's ~/.ssh/config, agent or default identities: only what is named here
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setFilePasswordProvider(FilePasswordProvider.EMPTY);
        client.setUserAuthFactories(List.<UserAuthFactory>of(UserAuthPublicKeyFactory.INSTANCE,
            UserAuthPasswordFactory.INSTANCE, UserAuthKeyboardInteractiveFactory.INSTANCE));
        client.setServerKeyVerifier(verifier(noVerify));
    }

    /**
     * Connects and logs in to {@code to}: the transport check (no_verify), the user, then the
     * session (key, then password). Every failure is a VirtException: OPERATION_DENIED,
     * AUTH_FAILED, SSH (host key, unreachable, refused), OPERATION_TIMEOUT.
     *
     * @param to       the server; its service should be {@link #SERVICE} (the auth file's group)
     * @param uriUser  the URI's user, or null
     * @param noVerify the URI's {@code no_verify=1}
     * @param auth     the client's callback
     * @param login    the driver's login rules
     */
    public static SshConnection open(RemoteEndpoint to, String uriUser, boolean noVerify, ConnectAuth auth,
                                     RemoteLogin login, SshSettings settings) {
        if (noVerify && !login.policy().allowsUnverifiedTls(to)) {
            throw new VirtException(ErrorCode.OPERATION_DENIED, login.domain(), "SSH without host key verification "
                + "(no_verify=1) to '" + to.hostPort() + "' is not allowed: the administrator lists the servers that "
                + "may be reached so in " + RemoteAccessPolicy.KEY_UNVERIFIED_TLS + " of " + login.pid());
        }
        String user = login.user(to, uriUser, auth);
        return open(to, user, noVerify, () -> login.password(to, user, auth), settings, login.domain());
    }

    /**
     * Connects and logs in as {@code user}, asking {@code password} only if the key is refused
     * (the lower half of {@link #open(RemoteEndpoint, String, boolean, ConnectAuth, RemoteLogin, SshSettings)},
     * without its policy check).
     */
    public static SshConnection open(RemoteEndpoint to, String user, boolean noVerify, Supplier<String> password,
                                     SshSettings settings, ErrorDomain domain) {
        SshConnection c = new SshConnection(to, user, noVerify, password, settings, domain);
        c.client.start();
        try {
            c.session();
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** The server this connection talks to. */
    public RemoteEndpoint endpoint() {
        return to;
    }

    /** The user it logged in as. */
    public String user() {
        return user;
    }

    /**
     * Runs {@code command} (one command line, as the server's shell reads it) and returns how it
     * ended; a non-zero exit status is a result, not an error. Errors: OPERATION_TIMEOUT when it
     * ran longer than the settings allow (the channel is closed), SSH when the session broke or
     * the output went over the cap. A session found dropped is established again first; a
     * command whose channel could not even be opened on a session that just dropped is tried once
     * more on a new one (it never reached the server).
     */
    public SshResult exec(String command) {
        for (int attempt = 0; ; attempt++) {
            ClientSession s = session();
            ChannelExec channel;
            try {
                channel = s.createExecChannel(command);
            } catch (IOException | IllegalStateException e) {
                // MINA refuses a channel on a session it is closing with IllegalStateException
                // ("Channel id=N not registered because session is being closed"): a drop too
                if (attempt == 0 && forget(s)) {
                    continue;
                }
                throw sshError("cannot open a channel to " + to.hostPort() + ": " + e.getMessage(), e);
            }
            Capped out = new Capped(settings.maxOutput(), () -> channel.close(true));
            Capped err = new Capped(settings.maxOutput(), () -> channel.close(true));
            channel.setOut(out);
            channel.setErr(err);
            try {
                channel.open().verify(settings.commandTimeout());
            } catch (IOException e) {
                channel.close(true);
                if (attempt == 0 && forget(s)) {
                    continue;
                }
                throw sshError("cannot run a command on " + to.hostPort() + ": " + e.getMessage(), e);
            }
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                settings.commandTimeout());
            Integer status = channel.getExitStatus();
            if (out.overflowed() || err.overflowed()) {
                throw sshError("the output of '" + command + "' on " + to.hostPort() + " exceeds "
                    + settings.maxOutput() + " bytes", null);
            }
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                channel.close(true);
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, domain, "'" + command + "' on " + to.hostPort()
                    + " did not finish within " + settings.commandTimeout().toSeconds() + " s");
            }
            if (status == null) {
                forget(s);
                throw sshError("'" + command + "' on " + to.hostPort() + " ended without an exit status"
                    + (s.isOpen() ? "" : " (the session dropped)"), null);
            }
            return new SshResult(status, out.text(), err.text());
        }
    }

    /**
     * Starts {@code command} and gives its stdin and stdout as a stream (libvirt's ssh transport runs
     * {@code virt-ssh-helper} or {@code nc} so). The channel's opening waits at most the command
     * timeout; the stream itself is bounded by its user (the RPC client's call timeouts and
     * keepalive). A session found dropped is established again first.
     *
     * @since 1.4.0
     */
    public SshStream stream(String command) {
        ClientSession s = session();
        ChannelExec channel;
        try {
            channel = s.createExecChannel(command);
        } catch (IOException | IllegalStateException e) {
            throw sshError("cannot open a channel to " + to.hostPort() + ": " + e.getMessage(), e);
        }
        Capped err = new Capped(settings.maxOutput(), () -> { });
        channel.setErr(err);
        try {
            channel.open().verify(settings.commandTimeout());
        } catch (IOException e) {
            channel.close(true);
            throw sshError("cannot run '" + command + "' on " + to.hostPort() + ": " + e.getMessage(), e);
        }
        InputStream in = channel.getInvertedOut();
        OutputStream out = channel.getInvertedIn();
        return new SshStream() {
            @Override
            public InputStream input() {
                return in;
            }

            @Override
            public OutputStream output() {
                return out;
            }

            @Override
            public String errors() {
                return err.text();
            }

            @Override
            public void close() {
                channel.close(true);
            }
        };
    }

    /** Whether the session is open now (false after a drop, until the next command reconnects). */
    public synchronized boolean isOpen() {
        return session != null && session.isOpen();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (session != null) {
            session.close(true);
            session = null;
        }
        client.stop();
        synchronized (passwordLock) {
            password = null;
        }
    }

    /** The open session, established (again) when there is none or it dropped. */
    private synchronized ClientSession session() {
        if (closed) {
            throw new VirtException(ErrorCode.SSH, domain, "the SSH connection to " + to.hostPort() + " is closed");
        }
        if (session != null && usable(session)) {
            return session;
        }
        if (session != null) {
            LOG.info("SSH session to {} dropped; connecting again", to.hostPort());
            session.close(true);
            session = null;
        }
        session = connect();
        return session;
    }

    /** Open and not being closed (a session the server dropped is closing before it is closed). */
    private static boolean usable(ClientSession s) {
        return s.isOpen() && !s.isClosing();
    }

    /** Drops {@code s} if it is the current session and no longer open; whether it did. */
    private synchronized boolean forget(ClientSession s) {
        if (s == session && !usable(s)) {
            session.close(true);
            session = null;
            return true;
        }
        return false;
    }

    private ClientSession connect() {
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        refusedKey.set(null);
        ClientSession s;
        try {
            ConnectFuture f = client.connect(user, to.host(), to.port());
            if (!f.await(settings.connectTimeout())) {
                f.cancel();
                throw timeout("connecting to " + to.hostPort(), null);
            }
            if (f.getException() != null) {
                throw sshError("cannot connect to " + to.hostPort() + ": " + message(f.getException()),
                    f.getException());
            }
            s = f.getSession();
        } catch (IOException e) {
            throw sshError("cannot connect to " + to.hostPort() + ": " + message(e), e);
        }
        try {
            KeyPair key = privateKey();
            if (key != null) {
                s.addPublicKeyIdentity(key);
            }
            AtomicReference<RuntimeException> askFailed = new AtomicReference<>();
            s.setPasswordIdentityProvider(ctx -> passwords(askFailed));
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            AuthFuture auth;
            try {
                auth = s.auth();
                if (!auth.await(left)) {
                    throw timeout("logging in to " + to.hostPort(), null);
                }
            } catch (IOException e) {
                throw sshError("cannot log in to " + to.hostPort() + ": " + message(e), e);
            }
            String refused = refusedKey.get();
            if (refused != null) {
                throw new VirtException(ErrorCode.SSH, domain, "host key verification failed for " + to.hostPort()
                    + ": its key " + refused + " is not the one " + settings.knownHosts() + " lists for it");
            }
            if (askFailed.get() != null) {
                throw askFailed.get();
            }
            if (!s.isAuthenticated()) {
                Throwable why = auth.getException();
                throw new VirtException(ErrorCode.AUTH_FAILED, domain, "authentication failed for '" + user + "@"
                    + to.hostPort() + "'" + (why == null ? "" : ": " + message(why)));
            }
            return s;
        } catch (RuntimeException e) {
            s.close(true);
            throw e;
        }
    }

    /** The password, asked once per connection and only when the server wants one. */
    private List<String> passwords(AtomicReference<RuntimeException> askFailed) {
        synchronized (passwordLock) {
            if (password == null) {
                try {
                    password = passwordSource.get();
                } catch (RuntimeException e) {
                    // thrown on MINA's thread: carried back to connect(), which rethrows it
                    askFailed.set(e);
                    return List.of();
                }
            }
            return List.of(password);
        }
    }

    /** The settings' private key, or null when it is absent, too large, protected or unreadable. */
    private KeyPair privateKey() {
        Path p = settings.privateKey();
        try {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p)) {
                return null;
            }
            if (Files.size(p) > MAX_KEY_FILE) {
                LOG.warn("ignoring SSH key {}: larger than {} bytes", p, MAX_KEY_FILE);
                return null;
            }
            try (InputStream in = Files.newInputStream(p)) {
                Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(p.toString()),
                    in, FilePasswordProvider.EMPTY);
                Iterator<KeyPair> it = keys == null ? null : keys.iterator();
                return it != null && it.hasNext() ? it.next() : null;
            }
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            LOG.warn("ignoring SSH key {}: {}", p, e.toString());
            return null;
        }
    }

    private ServerKeyVerifier verifier(boolean noVerify) {
        if (noVerify) {
            return (session, address, key) -> true;
        }
        KnownHostsServerKeyVerifier known = new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE,
            settings.knownHosts());
        return (session, address, key) -> {
            boolean ok;
            try {
                ok = known.verifyServerKey(session, address, key);
            } catch (RuntimeException e) {
                LOG.warn("cannot check the host key of {} against {}: {}", to.hostPort(), settings.knownHosts(),
                    e.toString());
                ok = false;
            }
            if (!ok) {
                refusedKey.set(fingerprint(key));
            }
            return ok;
        };
    }

    private static String fingerprint(PublicKey key) {
        try {
            return KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
        } catch (RuntimeException e) {
            return key.getAlgorithm();
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private VirtException sshError(String message, Throwable cause) {
        String refused = refusedKey.get();
        if (refused != null) {
            return new VirtException(ErrorCode.SSH, domain, "host key verification failed for " + to.hostPort()
                + ": its key " + refused + " is not the one " + settings.knownHosts() + " lists for it");
        }
        return cause == null ? new VirtException(ErrorCode.SSH, domain, message)
            : new VirtException(ErrorCode.SSH, domain, message, cause);
    }

    private VirtException timeout(String what, Throwable cause) {
        return new VirtException(ErrorCode.OPERATION_TIMEOUT, domain, what + " took longer than "
            + settings.connectTimeout().toSeconds() + " s");
    }

    /** An output stream keeping at most {@code max} bytes; going over runs {@code onOverflow} once. */
    private static final class Capped extends OutputStream {
        private final int max;
        private final Runnable onOverflow;
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private boolean overflowed;

        Capped(int max, Runnable onOverflow) {
            this.max = max;
            this.onOverflow = onOverflow;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (overflowed) {
                return;
            }
            if (bytes.size() + len > max) {
                overflowed = true;
                onOverflow.run();
                return;
            }
            bytes.write(b, off, len);
        }

        synchronized boolean overflowed() {
            return overflowed;
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
