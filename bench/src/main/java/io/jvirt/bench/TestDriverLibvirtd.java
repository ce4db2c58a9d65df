package io.jvirt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A libvirtd 9.0 with its built-in drivers only (test and remote: {@code LIBVIRT_DRIVER_DIR} points
 * at an empty folder), its config, pid file and sockets in a temp dir of its own, no TCP, no
 * authentication on its UNIX sockets; clients reach its test driver at {@link #testUri}. Stopped by
 * its pid, the temp dir deleted, at {@link #close}.
 */
final class TestDriverLibvirtd implements AutoCloseable {

    private final Path tmp;
    private final Process daemon;

    private TestDriverLibvirtd(Path tmp, Process daemon) {
        this.tmp = tmp;
        this.daemon = daemon;
    }

    /** Null when libvirtd is installed, else why not. */
    static String unavailable() {
        return Processes.onPath("libvirtd") ? null : "libvirt not installed (no libvirtd)";
    }

    /** Starts it; returns once its socket is there (up to 30 s). */
    static TestDriverLibvirtd start() throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("jvirt-bench-libvirtd");
        Process daemon = null;
        try {
            Path conf = tmp.resolve("libvirtd.conf");
            Files.writeString(conf, "unix_sock_dir = \"" + tmp + "\"\nlisten_tls = 0\nlisten_tcp = 0\n"
                + "auth_unix_rw = \"none\"\nauth_unix_ro = \"none\"\n"
                + "log_outputs = \"3:file:" + tmp.resolve("libvirtd.log") + "\"\n");
            Files.createDirectories(tmp.resolve("no-drivers"));
            ProcessBuilder pb = new ProcessBuilder("libvirtd", "-f", conf.toString(), "-p", tmp.resolve("libvirtd.pid").toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("libvirtd.out").toFile());
            pb.environment().put("LIBVIRT_DRIVER_DIR", tmp.resolve("no-drivers").toString());
            daemon = pb.start();
            TestDriverLibvirtd d = new TestDriverLibvirtd(tmp, daemon);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(d.socket())) {
                if (!daemon.isAlive() || System.nanoTime() > end) {
                    throw new IOException("libvirtd did not start: " + Files.readString(tmp.resolve("libvirtd.out")).strip());
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
            return d;
        } catch (IOException | InterruptedException | RuntimeException e) {
            new TestDriverLibvirtd(tmp, daemon).close();
            throw e;
        }
    }

    Path tmp() {
        return tmp;
    }

    Path socket() {
        return tmp.resolve("libvirt-sock");
    }

    String testUri() {
        return "test+unix:///default?socket=" + socket();
    }

    long pid() {
        return daemon.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (daemon != null) {
            daemon.destroy();
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
        Processes.deleteTree(tmp);
    }
}
