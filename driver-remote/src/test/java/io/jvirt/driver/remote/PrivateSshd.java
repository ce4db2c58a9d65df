package io.jvirt.driver.remote;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.jvirt.api.ErrorDomain;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;

/**
 * A real OpenSSH server of the test's own on a free loopback port: its host key, the client's key
 * (RSA, PEM, made with ssh-keygen), authorized_keys, known_hosts, configuration and pid file in a
 * temp tree; key login only, no PAM. sshd needs /run/sshd, so it runs in a mount namespace of its
 * own with a tmpfs over /run (nothing of the machine's is touched). Stopped by pid.
 */
final class PrivateSshd implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path KEYGEN = Path.of("/usr/bin/ssh-keygen");

    private final Path tree;
    private final int port;
    private Process daemon;

    private PrivateSshd(Path tree, int port) {
        this.tree = tree;
        this.port = port;
    }

    static PrivateSshd start() throws IOException, InterruptedException {
        Prerequisite.require(Files.isExecutable(SSHD), "sshd is not installed (Debian's openssh-server)");
        Prerequisite.require(Files.isExecutable(KEYGEN), "ssh-keygen is not installed (Debian's openssh-client)");
        Prerequisite.require("root".equals(System.getProperty("user.name")), "a private sshd in a mount namespace needs root");
        Path t = Files.createTempDirectory("jvirt-remote-sshd");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PrivateSshd d = new PrivateSshd(t, port);
        try {
            keygen(t.resolve("host_rsa"));
            keygen(t.resolve("client_rsa"));
            Files.copy(t.resolve("client_rsa.pub"), t.resolve("authorized_keys"));
            String[] hostPub = Files.readString(t.resolve("host_rsa.pub")).trim().split("\\s+");
            Files.writeString(t.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + hostPub[0] + " " + hostPub[1] + "\n");
            Files.writeString(t.resolve("sshd_config"), "Port " + port + "\nListenAddress 127.0.0.1\n"
                + "HostKey " + t.resolve("host_rsa") + "\nPidFile " + t.resolve("sshd.pid") + "\n"
                + "AuthorizedKeysFile " + t.resolve("authorized_keys") + "\n"
                + "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
                + "PermitRootLogin prohibit-password\nLogLevel VERBOSE\n");
            d.daemon = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c",
                "set -e; mount -t tmpfs -o mode=0755 jvirt-test-run /run; mkdir -m 0755 /run/sshd; exec " + SSHD
                    + " -D -e -f \"$1/sshd_config\"", "sh", t.toString())
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(t.resolve("sshd.log").toFile())).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!listening(port)) {
                if (!d.daemon.isAlive() || System.nanoTime() > end) {
                    throw new IOException("the private sshd did not start: " + Files.readString(t.resolve("sshd.log")).strip());
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
            return d;
        } catch (IOException | InterruptedException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private static void keygen(Path key) throws IOException {
        HostCommand.Result r = HostCommand.run(List.of(KEYGEN.toString(), "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "",
            "-f", key.toString()), java.util.Map.of("PATH", "/usr/bin:/bin"), 60_000, ErrorDomain.NONE);
        if (r.status() != 0) {
            throw new IOException("ssh-keygen failed: " + r.output());
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    Path clientKey() {
        return tree.resolve("client_rsa");
    }

    Path knownHosts() {
        return tree.resolve("known_hosts");
    }

    String log() throws IOException {
        return Files.readString(tree.resolve("sshd.log"));
    }

    @Override
    public void close() throws InterruptedException {
        if (daemon != null) {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            daemon = null;
        }
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp tree left behind: nothing of the machine's
        }
    }
}
