package io.jvirt.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;

/**
 * The Karaf container's ssh console from inside the harness (what bin/virt and bin/client talk to,
 * without a JVM launch per command): one authenticated session per connect (a session reused after an exec was found closed).
 * Scenario 4 polls {@code virt:list --all} through it while a restarted container comes up.
 */
final class KarafConsole implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A command's exit status and its output (stdout and stderr together). */
    record Reply(int status, String output) {
    }

    private final SshClient client;
    private final ClientSession session;

    private KarafConsole(SshClient client, ClientSession session) {
        this.client = client;
        this.session = session;
    }

    /** Connects and authenticates as karaf/karaf on 127.0.0.1; fails fast while nobody listens. */
    static KarafConsole connect(int port) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE); // a container the harness unpacked itself
        client.start();
        try {
            ClientSession session = client.connect("karaf", "127.0.0.1", port).verify(TIMEOUT).getSession();
            session.addPasswordIdentity("karaf");
            session.auth().verify(TIMEOUT);
            return new KarafConsole(client, session);
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    /** Runs one console command line. */
    Reply execute(String command) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ChannelExec ch = session.createExecChannel(command)) {
            ch.setOut(out);
            ch.setErr(out);
            ch.open().verify(TIMEOUT);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            Integer status = ch.getExitStatus();
            return new Reply(status == null ? -1 : status, out.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (IOException ignored) {
            // the container may be gone already
        }
        client.stop();
    }
}
