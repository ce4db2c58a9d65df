package io.jvirt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One QEMU started by the harness from a command line jvirt printed (scenario 3's baseline): what
 * a user who copied {@code domxml-to-native qemu-argv} into a shell script would get, with QMP
 * driven by the harness. Spawned directly, without the {@code setsid} jvirt's driver puts in front.
 */
final class RawQemu {

    private static final String MONITOR = "socket,id=charmonitor,path=";

    private final List<String> argv;
    private final Map<String, String> env;
    private final Path monitor;
    private final Path log;
    private Process process;
    private QmpClient qmp;

    private RawQemu(List<String> argv, Map<String, String> env, Path monitor, Path log) {
        this.argv = argv;
        this.env = env;
        this.monitor = monitor;
        this.log = log;
    }

    /** From {@code domxml-to-native qemu-argv}'s output; QEMU's output goes to {@code log}. */
    static RawQemu of(String shell, Path log) {
        ShellWords.Command cmd = ShellWords.parse(shell);
        Map<String, String> env = new HashMap<>();
        for (String e : cmd.env()) {
            env.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        return new RawQemu(cmd.argv(), env, monitorSocket(cmd.argv()), log);
    }

    /** The QMP socket path of jvirt's {@code -chardev socket,id=charmonitor,path=P,server=on,...} (",," is a comma). */
    static Path monitorSocket(List<String> argv) {
        for (String a : argv) {
            if (a.startsWith(MONITOR)) {
                String rest = a.substring(MONITOR.length());
                StringBuilder path = new StringBuilder();
                for (int i = 0; i < rest.length(); i++) {
                    char c = rest.charAt(i);
                    if (c == ',') {
                        if (i + 1 < rest.length() && rest.charAt(i + 1) == ',') {
                            path.append(',');
                            i++;
                            continue;
                        }
                        break;
                    }
                    path.append(c);
                }
                return Path.of(path.toString());
            }
        }
        throw new IllegalArgumentException("no QMP monitor socket in " + argv);
    }

    /**
     * Spawns QEMU (paused by its -S), connects QMP, sends cont and returns the milliseconds from the
     * spawn until query-status said running; QEMU keeps running until {@link #quit}.
     */
    double startUntilRunning() throws IOException, InterruptedException {
        Files.createDirectories(monitor.getParent());
        Files.deleteIfExists(monitor);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        process = pb.start();
        qmp = QmpClient.connect(monitor, process::isAlive, 30_000);
        qmp.execute("cont");
        if (!qmp.running()) {
            throw new IOException("QEMU not running after cont: " + argv);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** QMP quit, then waits for the process (SIGKILL after 10 s); nothing is left behind. */
    void quit() throws InterruptedException {
        if (process == null) {
            return;
        }
        try {
            if (qmp != null) {
                qmp.execute("quit");
            }
        } catch (IOException e) {
            // QEMU closes the monitor as it quits
        }
        try {
            if (qmp != null) {
                qmp.close();
            }
        } catch (IOException ignored) {
            // closing a socket QEMU already closed
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
        qmp = null;
    }
}
