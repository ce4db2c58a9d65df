package io.jvirt.core.kit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "once per host boot" rule of autostart.
 *
 * <p>libvirt's daemons start the domains marked autostart only when the host has booted since the
 * last time they did so ({@code virDriverShouldAutostart}: a marker file in {@code /run}, which a
 * boot empties). So restarting the daemon, or here the container or the driver bundle, does not
 * start again a domain that the administrator stopped on purpose. jvirt keeps its state under a
 * persistent data directory, so instead of a marker in a tmpfs it records the host's boot identity
 * in {@code autostart/.last-boot}: the Linux boot id ({@code /proc/sys/kernel/random/boot_id}),
 * else the boot time ({@code btime} of {@code /proc/stat}). Autostart is due when the recorded
 * identity differs from the current one or none is recorded.
 *
 * <p>Where the boot cannot be identified (not Linux) autostart is due at every driver start, with
 * a warning: starting a domain once too often is the lesser harm than never starting it.
 *
 * <p>Use: once the driver has loaded its configs and found its running domains again, call
 * {@link #claimAutostart()}; when it returns true, start every inactive domain with autostart set,
 * logging (not propagating) the failures, as libvirt does. Claiming before starting means a crash
 * in the middle of autostart does not lead to a second round. {@link #shouldRunAutostart()} and
 * {@link #markAutostartDone()} are the two halves, for a driver that prefers to mark afterwards.
 */
public final class AutostartTracker {

    /** The file, in the autostart directory, holding the boot identity of the last autostart. */
    public static final String LAST_BOOT_FILE = ".last-boot";

    private static final Logger LOG = LoggerFactory.getLogger(AutostartTracker.class);

    private final Path lastBootFile;
    private final Supplier<Optional<String>> bootId;

    /** A tracker over {@code autostartDir} using the host's boot identity. */
    public AutostartTracker(Path autostartDir) {
        this(autostartDir, () -> hostBootId(Path.of("/proc")));
    }

    /** A tracker with another source of boot identity (tests, other platforms). */
    public AutostartTracker(Path autostartDir, Supplier<Optional<String>> bootId) {
        this.lastBootFile = Objects.requireNonNull(autostartDir, "autostartDir").resolve(LAST_BOOT_FILE);
        this.bootId = Objects.requireNonNull(bootId, "bootId");
    }

    /** Whether the host booted since the last autostart run (or none is recorded, or boots cannot be told apart). */
    public boolean shouldRunAutostart() {
        Optional<String> current = bootId.get();
        if (current.isEmpty()) {
            LOG.warn("cannot identify this host's boot: running autostart at every start");
            return true;
        }
        Optional<String> last = lastRecorded();
        return last.isEmpty() || !last.get().equals(current.get());
    }

    /**
     * Records that autostart ran in this boot; durable when it returns.
     *
     * @throws io.jvirt.api.VirtException WRITE_FAILED
     */
    public void markAutostartDone() {
        Optional<String> current = bootId.get();
        if (current.isPresent()) {
            AtomicFiles.write(lastBootFile, (current.get() + "\n").getBytes(StandardCharsets.UTF_8), t -> { });
        }
    }

    /** {@link #shouldRunAutostart()} and, when true, {@link #markAutostartDone()}: libvirt's order. */
    public synchronized boolean claimAutostart() {
        if (!shouldRunAutostart()) {
            LOG.info("autostart already ran in this host boot; not starting domains again");
            return false;
        }
        markAutostartDone();
        return true;
    }

    private Optional<String> lastRecorded() {
        try {
            String s = Files.readString(lastBootFile, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException e) {
            // missing (first run) or unreadable: either way autostart is due
            return Optional.empty();
        }
    }

    /**
     * The host's boot identity from a Linux {@code /proc} tree: {@code sys/kernel/random/boot_id},
     * else {@code "btime:" + } the boot time in {@code stat}; empty when neither can be read.
     */
    static Optional<String> hostBootId(Path proc) {
        try {
            String id = Files.readString(proc.resolve("sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
            if (!id.isEmpty()) {
                return Optional.of(id);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no boot_id: {}", e.toString());
        }
        try {
            for (String line : Files.readAllLines(proc.resolve("stat"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("btime ")) {
                    return Optional.of("btime:" + line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no /proc/stat: {}", e.toString());
        }
        return Optional.empty();
    }
}
