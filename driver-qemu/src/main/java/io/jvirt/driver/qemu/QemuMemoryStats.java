package io.jvirt.driver.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.MemballoonDef;

/**
 * The memory statistics of a running guest as libvirt's {@code qemuDomainMemoryStatsInternal}
 * gathers them: the balloon's size from QMP {@code query-balloon} when the domain has a balloon,
 * then the QEMU process's resident set size. The guest's own figures (guest-stats polling through
 * the balloon's stats period) are not asked for yet.
 */
final class QemuMemoryStats {

    private static final Logger LOG = LoggerFactory.getLogger(QemuMemoryStats.class);

    private QemuMemoryStats() {
    }

    static MemoryStats of(DomainDef def, QemuRun run, long timeoutMs) {
        MemoryStats.Builder b = MemoryStats.builder();
        if (hasBalloon(def)) {
            Long actual = balloonKiB(run, def.memoryKiB(), timeoutMs);
            if (actual != null) {
                b.add(MemoryStatTag.ACTUAL_BALLOON, actual);
            }
        }
        Long rss = rssKiB(Path.of("/proc", Long.toString(run.pid()), "status"));
        if (rss != null) {
            b.add(MemoryStatTag.RSS, rss);
        }
        return b.build();
    }

    /** libvirt's virDomainDefHasMemballoon: a balloon whose model is not "none". */
    static boolean hasBalloon(DomainDef def) {
        return def.devices(MemballoonDef.class).stream().anyMatch(m -> !"none".equals(m.model()));
    }

    /**
     * {@code query-balloon}'s {@code actual} (bytes) in KiB; null when QEMU says the balloon is not
     * active, which libvirt treats as "no balloon figure" rather than a failure.
     */
    private static Long balloonKiB(QemuRun run, long maxKiB, long timeoutMs) {
        try {
            Map<String, Object> r = QmpJson.object(run.monitor.execute("query-balloon", null, timeoutMs));
            long kib = balloonKiB(r.get("actual"), maxKiB);
            if (kib < 0) {
                LOG.warn("ignoring the balloon size QEMU reports ({}): not within 1 KiB..{} KiB", r.get("actual"), maxKiB);
                return null;
            }
            return kib;
        } catch (VirtException e) {
            if (e.getMessage() != null && e.getMessage().contains("unable to execute QEMU command 'query-balloon'")) {
                LOG.debug("no balloon figure: {}", e.getMessage());
                return null;
            }
            throw e;
        }
    }

    /**
     * A balloon size in bytes as QEMU reports it (query-balloon, BALLOON_CHANGE) in KiB, or -1 when
     * it is not a whole number between 1 KiB and the domain's maximum memory. The figure comes from
     * the guest's balloon driver (QEMU subtracts the pages the guest says it gave back), so a
     * hostile guest chooses it: nothing outside that range reaches the live definition or a status file.
     */
    static long balloonKiB(Object actualBytes, long maxKiB) {
        if (!(actualBytes instanceof Long) && !(actualBytes instanceof Integer)) {
            return -1; // QmpJson gives Long for integers; a Double, a string or null is no size
        }
        long bytes = ((Number) actualBytes).longValue();
        if (bytes < 1024 || bytes / 1024 > maxKiB) {
            return -1;
        }
        return bytes / 1024;
    }

    /**
     * {@code VmRSS} of a {@code /proc/PID/status} file, in KiB; null when the process is gone
     * (libvirt then reports no rss either).
     */
    static Long rssKiB(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    String[] f = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(f[0]);
                }
            }
            return null;
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read the RSS from {}: {}", status, e.toString());
            return null;
        }
    }
}
