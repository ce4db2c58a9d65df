package io.jvirt.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The guests of scenarios 3 and 4 and how the harness finds them again: every guest of a run is
 * named {@code <prefix><i>} with a prefix of its own ({@code jvb<random hex>-}), which QEMU
 * carries on its command line ({@code -name guest=...}) whoever started it (jvirt, libvirtd, the
 * harness), so that the harness can end every QEMU it caused, and only those, by pid.
 */
final class QemuGuests {

    private QemuGuests() {
    }

    /**
     * Destroys (if running) and undefines a scenario's guest at its end; a failure is left to
     * {@link #killLeftovers}, which ends its QEMU by pid anyway.
     */
    static void endQuietly(io.jvirt.api.Domain d) {
        if (d == null) {
            return;
        }
        try {
            if (d.isActive()) {
                d.destroy();
            }
            d.undefine();
        } catch (RuntimeException e) {
            // the leftover check ends its QEMU anyway
        }
    }

    /** A fresh prefix, unique to one run of one scenario. */
    static String newPrefix() {
        return "jvb" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24) + "-";
    }

    /**
     * The diskless TCG guest: 64 MiB, one vCPU, no disk and no kernel, so the BIOS finds nothing to
     * boot and idles (what is measured is the start, not a boot). The same document on every side.
     */
    static String diskless(String name) {
        return "<domain type='qemu'><name>" + name + "</name>"
            + "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
            + "<os><type arch='x86_64'>hvm</type></os></domain>";
    }

    /** Whether qemu-system-x86_64 is on the PATH (or where jvirt's driver looks for it). */
    static boolean qemuInstalled() {
        return Processes.onPath("qemu-system-x86_64") || Files.isExecutable(Path.of("/usr/bin/qemu-system-x86_64"));
    }

    /** The pids of the live processes whose command line mentions {@code needle}. */
    static List<Long> processesMentioning(String needle) {
        List<Long> out = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid == self) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), java.nio.charset.StandardCharsets.UTF_8);
                    if (cmdline.contains(needle)) {
                        out.add(pid);
                    }
                } catch (IOException gone) {
                    // it ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /**
     * The safety net after a scenario: SIGKILL, by pid, every process whose command line carries
     * the scenario's guest prefix (its QEMUs), waiting for each to end. Returns how many there were:
     * none when every side cleaned up after itself.
     */
    static int killLeftovers(String prefix) {
        List<Long> pids = processesMentioning("guest=" + prefix);
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                h.destroyForcibly();
                try {
                    h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    // reported by the count; nothing else to do
                }
            });
        }
        return pids.size();
    }
}
