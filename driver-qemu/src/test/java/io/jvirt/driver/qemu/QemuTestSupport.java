package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Prerequisite;

/**
 * What the real-QEMU tests share: finding QEMU and the tiny guest (a skip on a developer machine
 * without them, a failure in CI), killing every QEMU a test started (found by the test's private
 * state directory on its command line, then killed by pid), and bounded waits on events (waits on
 * other conditions: io.jvirt.api.testing.Poll; missing prerequisites: io.jvirt.api.testing.Prerequisite).
 */
final class QemuTestSupport {

    private QemuTestSupport() {
    }

    /** Skips (or fails in CI) when there is no QEMU binary. */
    static void assumeQemu() {
        try {
            QemuSettings.defaults(Path.of("/nonexistent")).findEmulator();
        } catch (VirtException e) {
            throw Prerequisite.missing(e.getMessage());
        }
    }

    /** Skips (or fails in CI) unless this process may make network devices: root and iproute2's ip. */
    static void assumeNetAdmin() {
        if (!"0".equals(effectiveUid())) {
            throw Prerequisite.missing("bridge and tap tests need root (CAP_NET_ADMIN)");
        }
        try {
            Process p = new ProcessBuilder("ip", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw Prerequisite.missing("iproute2's ip does not run");
            }
        } catch (IOException e) {
            throw Prerequisite.missing("iproute2's ip is not installed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    private static String effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1];
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    /**
     * The tiny guest (vmlinuz, initrd.gz), built by the project script; the script returns at once
     * when the guest in {@code dir} was built by the same version of it.
     */
    static synchronized Path tinyGuest() {
        Path dir = Path.of(System.getProperty("jvirt.test.tinyGuestDir", "target/tiny-guest"));
        String script = System.getProperty("jvirt.test.guestScript", "src/test/guest/build-tiny-guest.sh");
        try {
            Process p = new ProcessBuilder("bash", script, dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("building the tiny guest took more than 10 minutes");
            }
            if (p.exitValue() == 2) {
                throw Prerequisite.missing(out.trim());
            } else if (p.exitValue() != 0) {
                fail("building the tiny guest failed:\n" + out);
            }
        } catch (IOException e) {
            throw Prerequisite.missing("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        return dir;
    }

    /** The pids of the processes whose command line mentions {@code dir} (the QEMUs of one test). */
    static List<Long> processesUsing(Path dir) {
        List<Long> out = new ArrayList<>();
        String needle = dir.toAbsolutePath().toString();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid == ProcessHandle.current().pid()) {
                    continue;
                }
                if (QemuProcess.startTime(pid) >= 0 && QemuProcess.cmdline(pid).stream().anyMatch(a -> a.contains(needle))) {
                    out.add(pid);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * A test's teardown: closes its connection and deactivates its driver (either may be null: the
     * test was skipped before opening them), then kills every QEMU the test started, whatever failed.
     */
    static void stop(io.jvirt.api.Connection conn, QemuDriver driver, Path dir) {
        try {
            if (conn != null) {
                conn.close();
            }
            if (driver != null) {
                driver.deactivate();
            }
        } finally {
            killAll(dir);
        }
    }

    /** Kills (SIGKILL, by pid) every process of the test's directory; returns how many there were. */
    static int killAll(Path dir) {
        List<Long> pids = processesUsing(dir);
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        for (long pid : pids) {
            QemuProcess.waitForExit(pid, -1, 10_000);
        }
        return pids.size();
    }

    static void kill9(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        if (!QemuProcess.waitForExit(pid, -1, 10_000)) {
            fail("process " + pid + " survived SIGKILL");
        }
    }

    /** Takes events from {@code queue} until one of {@code type}/{@code detail} (bounded); returns all taken. */
    static List<DomainEvent> awaitEvent(BlockingQueue<DomainEvent> queue, DomainEventType type, int detail, long millis) {
        List<DomainEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = deadline - System.nanoTime();
            DomainEvent e;
            try {
                e = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                e = null;
            }
            if (e == null) {
                fail("no " + type + "/" + detail + " event; saw " + seen);
            }
            seen.add(e);
            if (e.type() == type && e.detail() == detail) {
                return seen;
            }
        }
    }

    /** The tiny guest's domain XML (src/test/guest/tiny-guest.xml, shared with the itests) for the guest in {@code guest}. */
    static String tinyGuestXml(String name, Path guest, Path serialLog) {
        Path template = Path.of(System.getProperty("jvirt.test.guestXml", "src/test/guest/tiny-guest.xml"));
        try {
            return Files.readString(template).replace("@NAME@", name)
                .replace("@KERNEL@", guest.resolve("vmlinuz").toAbsolutePath().toString())
                .replace("@INITRD@", guest.resolve("initrd.gz").toAbsolutePath().toString())
                .replace("@SERIAL@", serialLog.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A guest with no OS at all: the BIOS finds nothing to boot and idles. Cheap for lifecycle tests. */
    static String emptyGuestXml(String name) {
        return """
            <domain type='qemu'>
              <name>%s</name>
              <memory unit='MiB'>64</memory>
              <vcpu>1</vcpu>
              <os>
                <type arch='x86_64'>hvm</type>
              </os>
            </domain>
            """.formatted(name);
    }

    static boolean fileContains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** How often {@code text} occurs in {@code file} (0 when it does not exist). */
    static int count(Path file, String text) {
        try {
            if (!Files.exists(file)) {
                return 0;
            }
            String all = Files.readString(file, StandardCharsets.ISO_8859_1);
            int n = 0;
            for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + text.length())) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The tiny guest's "MEMTOTAL <kB>" serial lines (one per change of its MemTotal), in order. */
    static List<Long> memTotals(Path serial) {
        List<Long> out = new ArrayList<>();
        try {
            if (Files.exists(serial)) {
                for (String line : Files.readString(serial, StandardCharsets.ISO_8859_1).split("\\r?\\n")) {
                    if (line.startsWith("MEMTOTAL ")) {
                        out.add(Long.parseLong(line.substring(9).trim()));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a line being written: the next poll sees it whole
        }
        return out;
    }
}
