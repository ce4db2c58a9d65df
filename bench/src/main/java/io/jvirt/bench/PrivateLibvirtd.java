package io.jvirt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A libvirtd with the QEMU driver (the system instance, as root) that touches nothing of the
 * machine's: it runs in a mount namespace of its own ({@code unshare --mount}) in which private
 * folders of a temp tree are bind-mounted over {@code /etc/libvirt}, {@code /run/libvirt} and
 * {@code /var} (for /var/lib, /var/cache and /var/log/libvirt), and copies of {@code /etc/passwd}
 * and {@code /etc/group} that add the {@code libvirt-qemu} user libvirt's QEMU driver insists on
 * at start-up. Its sockets are in the temp tree, outside the mounts, so clients in the harness's
 * namespace reach it ({@code qemu+unix:///system?socket=...}). The QEMUs it starts inherit the
 * namespace; a restarted daemon builds the same mounts again and finds them by the same paths.
 *
 * <p>qemu.conf: {@code user="root" group="root" dynamic_ownership=0 security_driver="none"
 * stdio_handler="file"} (no virtlogd), and {@code cgroup_controllers=[]}: jvirt puts no QEMU in a
 * cgroup, and this way libvirtd creates none on the shared machine either. Only the QEMU driver
 * module is loaded (LIBVIRT_DRIVER_DIR). Stopped by its pid (SIGTERM, as a restart does); the
 * tree is deleted at {@link #close}.
 */
final class PrivateLibvirtd implements AutoCloseable {

    static final Path QEMU_MODULE = Path.of("/usr/lib/x86_64-linux-gnu/libvirt/connection-driver/libvirt_driver_qemu.so");

    /** Mounts the private folders, then becomes libvirtd (same pid): $1 is the tree. */
    private static final String INNER = "set -e; t=$1; "
        + "mount --bind \"$t/etc\" /etc/libvirt; mount --bind \"$t/run\" /run/libvirt; mount --bind \"$t/var\" /var; "
        + "mount --bind \"$t/passwd\" /etc/passwd; mount --bind \"$t/group\" /etc/group; "
        + "LIBVIRT_DRIVER_DIR=\"$t/drivers\" exec /usr/sbin/libvirtd -f \"$t/etc/libvirtd.conf\"";

    private final Path tree;
    private Process daemon;

    private PrivateLibvirtd(Path tree) {
        this.tree = tree;
    }

    /** Null when this machine can run one, else why not. */
    static String unavailable() {
        if (!Files.isExecutable(Path.of("/usr/sbin/libvirtd"))) {
            return "libvirt not installed (no /usr/sbin/libvirtd)";
        }
        if (!Files.isRegularFile(QEMU_MODULE)) {
            return "libvirt's QEMU driver not installed (libvirt-daemon-driver-qemu)";
        }
        if (!Processes.onPath("unshare") || !Files.isDirectory(Path.of("/etc/libvirt")) || !Files.isDirectory(Path.of("/run/libvirt"))) {
            return "no unshare, /etc/libvirt or /run/libvirt to mount a private libvirtd's folders on";
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "a private system libvirtd needs root (mount namespaces)";
        }
        return null;
    }

    /** Builds the private tree and starts the daemon; returns once its socket is there. */
    static PrivateLibvirtd start() throws IOException, InterruptedException {
        Path t = Files.createTempDirectory("jvirt-bench-libvirtd");
        PrivateLibvirtd d = new PrivateLibvirtd(t);
        try {
            for (String dir : List.of("etc", "run", "sock", "drivers", "var/lib/libvirt", "var/cache/libvirt", "var/log/libvirt", "var/tmp")) {
                Files.createDirectories(t.resolve(dir));
            }
            Files.createSymbolicLink(t.resolve("var/run"), Path.of("/run"));
            Files.createSymbolicLink(t.resolve("drivers").resolve(QEMU_MODULE.getFileName()), QEMU_MODULE);
            Files.writeString(t.resolve("passwd"), Files.readString(Path.of("/etc/passwd"))
                + "libvirt-qemu:x:64055:64055:Libvirt Qemu:/var/lib/libvirt:/usr/sbin/nologin\n");
            Files.writeString(t.resolve("group"), Files.readString(Path.of("/etc/group")) + "libvirt-qemu:x:64055:\n");
            Files.writeString(t.resolve("etc/libvirtd.conf"), "unix_sock_dir = \"" + t.resolve("sock") + "\"\n"
                + "listen_tls = 0\nlisten_tcp = 0\nauth_unix_rw = \"none\"\nauth_unix_ro = \"none\"\n"
                + "log_outputs = \"3:file:" + t.resolve("libvirtd.log") + "\"\n");
            Files.writeString(t.resolve("etc/qemu.conf"), "user = \"root\"\ngroup = \"root\"\ndynamic_ownership = 0\n"
                + "security_driver = \"none\"\nstdio_handler = \"file\"\ncgroup_controllers = [ ]\n");
            d.spawn();
            d.awaitSocket(120);
            return d;
        } catch (IOException | InterruptedException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    String uri() {
        return "qemu+unix:///system?socket=" + socket();
    }

    private Path socket() {
        return tree.resolve("sock/libvirt-sock");
    }

    /** Where the daemon's domain logs are (for the notes of a failed run). */
    Path tree() {
        return tree;
    }

    /** Starts a daemon on the tree (none may be running); does not wait for it. */
    void spawn() throws IOException {
        Files.deleteIfExists(socket());
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", INNER, "sh", tree.toString()));
        daemon = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(tree.resolve("libvirtd.out").toFile())).start();
    }

    void awaitSocket(int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(socket())) {
            if (!daemon.isAlive() || System.nanoTime() > end) {
                throw new IOException("the private libvirtd did not start: " + Files.readString(tree.resolve("libvirtd.out")).strip());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** SIGTERM to the daemon's pid (what a service restart sends), SIGKILL after 30 s; waits for its end. */
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
        Processes.deleteTree(tree);
    }
}
