package io.jvirt.api.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * driver-qemu's tiny guest (a Debian kernel and a busybox initramfs that answers every line typed
 * on its serial port with "GOT line"), built by driver-qemu's script for a test of another module:
 * {@code build(out)} then {@link #xml} with the serial port on a pty. A skip (a failure in CI) when
 * the script says it cannot build here.
 */
public final class TinyGuest {

    /** driver-qemu's guest directory seen from a sibling module's directory (where Maven runs its tests). */
    private static final Path GUEST_DIR = Path.of(System.getProperty("jvirt.test.guestDir", "../driver-qemu/src/test/guest"));

    private final Path dir;

    private TinyGuest(Path dir) {
        this.dir = dir;
    }

    /** Builds the guest into {@code out} (nothing to do when it is built already), at most 10 minutes. */
    public static TinyGuest build(Path out) throws IOException, InterruptedException {
        Path script = GUEST_DIR.resolve("build-tiny-guest.sh");
        Prerequisite.require(Files.isRegularFile(script), "driver-qemu's tiny guest script is not at " + script.toAbsolutePath());
        BoundedProcess.Result r = BoundedProcess.run(new ProcessBuilder("bash", script.toString(), out.toAbsolutePath().toString()),
            Duration.ofMinutes(10));
        String said = r.output();
        if (r.status() == 2) {
            throw Prerequisite.missing(said.trim());
        }
        if (r.status() != 0) {
            throw new AssertionError("building the tiny guest failed:\n" + said);
        }
        return new TinyGuest(out.toAbsolutePath());
    }

    /** The guest's domain (driver-qemu's tiny-guest.xml) named {@code name}, its serial port 0 a pty. */
    public String ptyXml(String name) throws IOException {
        return Files.readString(GUEST_DIR.resolve("tiny-guest.xml")).replace("@NAME@", name)
            .replace("@KERNEL@", dir.resolve("vmlinuz").toString()).replace("@INITRD@", dir.resolve("initrd.gz").toString())
            .replaceAll("(?s)<serial type='file'>.*?</serial>", "<serial type='pty'><target port='0'/></serial>");
    }

    /**
     * Kills, by pid, the processes whose command line names {@code dir} (the QEMUs a test started
     * with their files there), and waits for them: the clean-up after a test whose driver leaves
     * guests running when it stops.
     */
    public static void killProcessesUsing(Path dir) throws IOException {
        String needle = dir.toAbsolutePath().toString();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                long pid = Long.parseLong(p.getFileName().toString());
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    continue; // the process ended meanwhile
                }
                if (pid != ProcessHandle.current().pid() && cmdline.contains(needle)) {
                    ProcessHandle.of(pid).ifPresent(h -> {
                        h.destroyForcibly();
                        h.onExit().join();
                    });
                }
            }
        }
    }
}
