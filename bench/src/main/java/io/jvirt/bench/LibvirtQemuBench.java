package io.jvirt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * libvirt's side of scenarios 3 and 4: a {@link PrivateLibvirtd} driven by
 * bench/src/main/c/qemu_bench.c (libvirt's C API; built by bench/run.sh, its path in
 * -Djvirt.bench.libvirt.qemu), and by one virsh session for the untimed set-up of scenario 4.
 */
final class LibvirtQemuBench {

    static final String BINARY_PROPERTY = "jvirt.bench.libvirt.qemu";

    private LibvirtQemuBench() {
    }

    /** Null when libvirt's side can run here, else why not. */
    static String unavailable() {
        String binary = System.getProperty(BINARY_PROPERTY);
        if (binary == null || binary.isBlank() || !Files.isExecutable(Path.of(binary))) {
            return "libvirt's C side not built (no libvirt-dev / pkg-config libvirt-qemu)";
        }
        if (!QemuGuests.qemuInstalled()) {
            return "qemu-system-x86_64 not installed";
        }
        return PrivateLibvirtd.unavailable();
    }

    /** Scenario 3 on a fresh private libvirtd: one guest, then {@code size.concurrent()} at once. */
    static QemuStartScenario.Side starts(QemuStartScenario.Size size) throws Exception {
        String why = unavailable();
        if (why != null) {
            return QemuStartScenario.Side.missing(why);
        }
        String prefix = QemuGuests.newPrefix();
        Path xml = Files.createTempDirectory("jvirt-bench-libvirt-xml");
        try (PrivateLibvirtd daemon = PrivateLibvirtd.start()) {
            QemuStartScenario.writeGuestFiles(xml, prefix, size.concurrent());
            List<Double> starts = figures(run(List.of("start", daemon.uri(), xml.resolve("one.xml").toString(),
                Integer.toString(size.warmup()), Integer.toString(size.reps())), 600), "start_ns");
            List<Double> rounds = figures(run(List.of("concurrent", daemon.uri(), xml.toString(), Integer.toString(size.concurrent()),
                Integer.toString(size.concurrentWarmup()), Integer.toString(size.concurrentRounds())), 600), "concurrent_ns");
            return new QemuStartScenario.Side(starts, rounds, null);
        } finally {
            QemuGuests.killLeftovers(prefix);
            Processes.deleteTree(xml);
        }
    }

    /**
     * Scenario 4 on a fresh private libvirtd: defines {@code total} guests {@code prefix0..}, starts
     * the first {@code running} (untimed, one virsh session), then {@code reps} times: SIGTERM to
     * the daemon, wait for its end, start a new one, and measure until qemu_bench's {@code ready}
     * poller sees every domain listed, the running ones active and answering QMP through the daemon.
     * Seconds per restart; every guest destroyed at the end.
     */
    static List<Double> restarts(String prefix, int total, int running, int reps) throws Exception {
        Path xml = Files.createTempDirectory("jvirt-bench-libvirt-xml");
        try (PrivateLibvirtd daemon = PrivateLibvirtd.start()) {
            StringBuilder script = new StringBuilder();
            for (int i = 0; i < total; i++) {
                Path f = xml.resolve(i + ".xml");
                Files.writeString(f, QemuGuests.diskless(prefix + i));
                script.append("define ").append(f).append('\n');
            }
            for (int i = 0; i < running; i++) {
                script.append("start ").append(prefix).append(i).append('\n');
            }
            virsh(daemon, xml, script.toString());
            ready(daemon, prefix, total, running); // the set-up worked
            List<Double> seconds = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                daemon.stop();
                daemon.spawn();
                seconds.add((ready(daemon, prefix, total, running) - t0) / 1e9);
            }
            StringBuilder destroy = new StringBuilder();
            for (int i = 0; i < running; i++) {
                destroy.append("destroy ").append(prefix).append(i).append('\n');
            }
            virsh(daemon, xml, destroy.toString());
            return seconds;
        } finally {
            QemuGuests.killLeftovers(prefix);
            Processes.deleteTree(xml);
        }
    }

    /** The CLOCK_MONOTONIC instant (System.nanoTime's clock) at which the poller saw the daemon ready. */
    private static long ready(PrivateLibvirtd daemon, String prefix, int total, int running) throws IOException, InterruptedException {
        String out = run(List.of("ready", daemon.uri(), prefix, Integer.toString(total), Integer.toString(running), "300"), 330);
        for (String line : out.split("\n")) {
            if (line.startsWith("ready_at_ns ")) {
                return Long.parseLong(line.substring(12).trim()); // a long: a double would round nanoseconds of uptime
            }
        }
        throw new IOException("qemu_bench ready printed no instant: " + out.strip());
    }

    private static void virsh(PrivateLibvirtd daemon, Path dir, String script) throws IOException, InterruptedException {
        Path file = dir.resolve("virsh-" + System.nanoTime() + ".txt");
        Files.writeString(file, script);
        Process p = new ProcessBuilder("virsh", "-q", "-c", daemon.uri()).redirectErrorStream(true)
            .redirectInput(file.toFile()).redirectOutput(dir.resolve("virsh.out").toFile()).start();
        if (!p.waitFor(900, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("virsh timed out on " + file);
        }
        String out = Files.readString(dir.resolve("virsh.out"));
        if (out.contains("error:")) {
            throw new IOException("virsh failed: " + out.strip().lines().filter(l -> l.contains("error")).findFirst().orElse(out));
        }
    }

    /** Runs qemu_bench and returns its output; fails on a non-zero exit status. */
    private static String run(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty(BINARY_PROPERTY));
        cmd.addAll(args);
        Processes.Result r = Processes.run(Path.of("."), cmd, java.util.Map.of(), timeoutSeconds);
        if (r.rc() != 0) {
            throw new IOException("qemu_bench " + args.get(0) + " failed (exit status " + r.rc() + "): " + r.output().strip());
        }
        return r.output();
    }

    /** The values of the output lines {@code "KEY VALUE"} (durations in nanoseconds), in milliseconds. */
    static List<Double> figures(String output, String key) {
        List<Double> v = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 2 && f[0].equals(key)) {
                v.add(Long.parseLong(f[1]) / 1e6);
            }
        }
        if (v.isEmpty()) {
            throw new IllegalStateException("qemu_bench printed no " + key + ": " + output.strip());
        }
        return v;
    }
}
