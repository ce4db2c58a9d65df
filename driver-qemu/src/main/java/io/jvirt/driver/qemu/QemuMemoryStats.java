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
            Long actual = balloonKiB(run, timeoutMs);
            if (actual != null) {
                b.add(MemoryStatTag.ACTUAL_BALLOON, actual);
            }
        }
        Long rss = rssKiB(Path.of("/proc", Long.toString(run.pid), "status"));
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
    private static Long balloonKiB(QemuRun run, long timeoutMs) {
        try {
            Map<String, Object> r = QmpJson.object(run.monitor.execute("query-balloon", null, timeoutMs));
            return r.get("actual") instanceof Number n ? n.longValue() / 1024 : null;
        } catch (VirtException e) {
            if (e.getMessage() != null && e.getMessage().contains("unable to execute QEMU command 'query-balloon'")) {
                LOG.debug("no balloon figure: {}", e.getMessage());
                return null;
            }
            throw e;
        }
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
