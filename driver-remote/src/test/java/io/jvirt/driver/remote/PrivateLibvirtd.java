package io.jvirt.driver.remote;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.tls.X509Files;

/**
 * A libvirtd 9.0 of the test's own, serving libvirt's test driver (test:///default lives inside
 * libvirt.so; no hypervisor module is loaded: LIBVIRT_DRIVER_DIR is an empty folder), with its
 * sockets, configuration, pid file and log in a temp tree, {@code listen_tcp} on 127.0.0.1 (a free
 * port, auth none). It runs in a mount namespace of its own ({@code unshare --mount}) with a tmpfs
 * over /run, the one machine path a daemon without drivers writes (/run/libvirt/common). Started
 * and stopped by pid (SIGTERM, SIGKILL after 30 s), as bench's PrivateLibvirtd.
 */
final class PrivateLibvirtd implements AutoCloseable {

    private static final Path LIBVIRTD = Path.of("/usr/sbin/libvirtd");
    /** Where Debian's libvirt keeps its driver modules. */
    private static final Path MODULES = Path.of("/usr/lib/x86_64-linux-gnu/libvirt/connection-driver");
    /**
     * A tmpfs over /run and over /etc/libvirt (a loaded driver reads and writes its configuration
     * there: the test's daemon must neither see the machine's pools nor leave its own behind).
     */
    private static final String INNER = "set -e; mount -t tmpfs -o mode=0755 jvirt-test-run /run; "
        // /var/lock is /run/lock on Debian: the console's device locks (virChrdevOpen's LCK.. files) go there
        + "mkdir -m 1777 /run/lock; "
        + "if [ -d /etc/libvirt ]; then mount -t tmpfs -o mode=0755 jvirt-test-etc /etc/libvirt; cp -r \"$1/etc/.\" /etc/libvirt/; fi; "
        // the QEMU driver's state, cache and log folders (/var/lib/libvirt ... do not exist on the machine: no mkdir there)
        + "if [ -e \"$1/drivers/libvirt_driver_qemu.so\" ]; then for d in /var/lib /var/cache /var/log; do "
        + "mount -t tmpfs -o mode=0755 jvirt-test-var \"$d\"; done; "
        // the QEMU driver looks its compiled-in user up before it reads qemu.conf: Debian's libvirt-qemu,
        // created by a package this machine may lack; seen in this namespace only
        + "for f in passwd group; do cp /etc/$f \"$1/$f\"; done; "
        + "grep -q '^libvirt-qemu:' /etc/passwd || echo 'libvirt-qemu:x:64055:64055::/nonexistent:/usr/sbin/nologin' >> \"$1/passwd\"; "
        + "grep -q '^libvirt-qemu:' /etc/group || echo 'libvirt-qemu:x:64055:' >> \"$1/group\"; "
        + "grep -q '^kvm:' /etc/group || echo 'kvm:x:64056:' >> \"$1/group\"; "
        + "mount --bind \"$1/passwd\" /etc/passwd; mount --bind \"$1/group\" /etc/group; fi; "
        + "LIBVIRT_DRIVER_DIR=\"$1/drivers\" exec " + LIBVIRTD + " --listen -f \"$1/libvirtd.conf\" -p \"$1/libvirtd.pid\"";

    private final Path tree;
    private final int tcpPort;
    private final int tlsPort;
    private Process daemon;

    private PrivateLibvirtd(Path tree, int tcpPort, int tlsPort) {
        this.tree = tree;
        this.tcpPort = tcpPort;
        this.tlsPort = tlsPort;
    }

    /** Skips (fails under CI=true) when libvirtd, unshare or root is missing. */
    static PrivateLibvirtd start() throws IOException, InterruptedException {
        return start(null);
    }

    /**
     * With {@code listen_tls} on 127.0.0.1 too (a free port, auth none, client certificates
     * required as libvirtd's default) with the server's files {@code tls}.
     */
    static PrivateLibvirtd start(X509Files tls) throws IOException, InterruptedException {
        return start(tls, new String[0]);
    }

    /**
     * With libvirt's driver modules {@code modules} loaded too ("storage" for
     * libvirt_driver_storage.so: its URI storage:///system serves real pools, root's, in the
     * daemon's own mount namespace).
     */
    static PrivateLibvirtd start(X509Files tls, String... modules) throws IOException, InterruptedException {
        Prerequisite.require(Files.isExecutable(LIBVIRTD), "libvirtd is not installed (Debian's libvirt-daemon)");
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/unshare")), "no unshare (util-linux)");
        Prerequisite.require("root".equals(System.getProperty("user.name")), "a private libvirtd in a mount namespace needs root");
        Path t = Files.createTempDirectory("jvirt-remote-libvirtd");
        PrivateLibvirtd d = new PrivateLibvirtd(t, freePort(), tls == null ? -1 : freePort());
        try {
            Files.createDirectories(t.resolve("sock"));
            Files.createDirectories(t.resolve("drivers"));
            Files.createDirectories(t.resolve("etc"));
            if (List.of(modules).contains("qemu")) {
                // root's QEMU without the machine's services: no virtlogd, no cgroups, no security driver, no
                // per-domain mount namespace; the guest runs as root like the daemon
                Files.writeString(t.resolve("etc/qemu.conf"), "user = \"root\"\ngroup = \"root\"\ndynamic_ownership = 0\n"
                    + "remember_owner = 0\nsecurity_driver = \"none\"\nstdio_handler = \"file\"\ncgroup_controllers = [ ]\n"
                    + "namespaces = [ ]\n");
            }
            for (String m : modules) {
                Path so = MODULES.resolve("libvirt_driver_" + m + ".so");
                Prerequisite.require(Files.exists(so), "libvirt's " + m + " driver module " + so + " is not installed");
                Files.createSymbolicLink(t.resolve("drivers").resolve(so.getFileName()), so);
            }
            Files.writeString(t.resolve("libvirtd.conf"), "unix_sock_dir = \"" + t.resolve("sock") + "\"\n"
                + (tls == null ? "listen_tls = 0\n" : "listen_tls = 1\ntls_port = \"" + d.tlsPort + "\"\nauth_tls = \"none\"\n"
                    + "ca_file = \"" + tls.caCert() + "\"\ncert_file = \"" + tls.cert() + "\"\nkey_file = \"" + tls.key() + "\"\n")
                + "listen_tcp = 1\nlisten_addr = \"127.0.0.1\"\ntcp_port = \"" + d.tcpPort + "\"\n"
                + "auth_tcp = \"none\"\nauth_unix_rw = \"none\"\nauth_unix_ro = \"none\"\n"
                + "log_outputs = \"3:file:" + t.resolve("libvirtd.log") + "\"\n");
            d.spawn();
            return d;
        } catch (IOException | InterruptedException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void spawn() throws IOException, InterruptedException {
        Files.deleteIfExists(socket());
        daemon = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", INNER, "sh", tree.toString())
            .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(tree.resolve("libvirtd.out").toFile())).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket()) || !listening(tcpPort) || (tlsPort > 0 && !listening(tlsPort))) {
            if (!daemon.isAlive() || System.nanoTime() > end) {
                throw new IOException("the private libvirtd did not start: " + Files.readString(tree.resolve("libvirtd.out")).strip());
            }
            TimeUnit.MILLISECONDS.sleep(20);
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

    Path socket() {
        return tree.resolve("sock/libvirt-sock");
    }

    Path readOnlySocket() {
        return tree.resolve("sock/libvirt-sock-ro");
    }

    int tcpPort() {
        return tcpPort;
    }

    /** The TLS port, -1 when started without TLS. */
    int tlsPort() {
        return tlsPort;
    }

    /** The daemon's log (level 3: errors), for what it said of a refused client. */
    String log() throws IOException {
        Path log = tree.resolve("libvirtd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** {@code test+unix:///default?socket=...}: libvirtd's test driver through this daemon. */
    String testUri() {
        return "test+unix:///default?socket=" + socket();
    }

    /** {@code qemu+unix:///system?socket=...}: libvirtd's QEMU driver (loaded with "qemu"). */
    String qemuUri() {
        return "qemu+unix:///system?socket=" + socket();
    }

    /** {@code storage+unix:///system?socket=...}: libvirtd's storage driver (loaded with "storage"). */
    String storageUri() {
        return "storage+unix:///system?socket=" + socket();
    }

    long pid() {
        return daemon.pid();
    }

    /** SIGTERM to the daemon's pid, SIGKILL after 30 s; waits for its end. */
    void stop() throws InterruptedException {
        if (daemon == null) {
            return;
        }
        daemon.destroy();
        if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        daemon = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temp tree left behind: nothing of the machine's
        }
    }

}
