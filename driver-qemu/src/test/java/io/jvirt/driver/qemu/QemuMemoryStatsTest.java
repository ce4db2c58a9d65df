package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/** virDomainMemoryStats of real QEMU guests: the balloon's size over QMP and the process's RSS. */
class QemuMemoryStatsTest {

    @TempDir
    Path dir;
    QemuDriver driver;
    Connection conn;

    private Connection open() {
        QemuTestSupport.assumeQemu();
        driver = new QemuDriver(QemuLifecycleTest.settings(dir));
        conn = StandaloneConnector.create(null, driver).open("qemu:///system");
        return conn;
    }

    @AfterEach
    void cleanup() {
        QemuTestSupport.stop(conn, driver, dir);
    }

    @Test
    void aGuestWithTheImplicitBalloonReportsActualThenRss() {
        Domain d = open().createXml(QemuTestSupport.emptyGuestXml("stats"));
        MemoryStats s = d.memoryStats();
        assertEquals(List.of(MemoryStatTag.ACTUAL_BALLOON, MemoryStatTag.RSS),
            s.asList().stream().map(MemoryStats.Stat::tag).toList(), s.toString());
        // no guest balloon driver runs in an empty guest: the balloon is the whole 64 MiB
        assertEquals(65536, s.get(MemoryStatTag.ACTUAL_BALLOON).getAsLong());
        long rss = s.get(MemoryStatTag.RSS).getAsLong();
        assertTrue(rss > 1024, "QEMU's resident set is megabytes, not " + rss + " KiB");
        try (Connection ro = StandaloneConnector.create(null, driver).openReadOnly("qemu:///system")) {
            assertEquals(65536, ro.lookupByName("stats").memoryStats().get(MemoryStatTag.ACTUAL_BALLOON).getAsLong());
        }
        d.destroy();
    }

    @Test
    void withoutABalloonOnlyTheRss() {
        String xml = QemuTestSupport.emptyGuestXml("noballoon")
            .replace("</domain>", "  <devices><memballoon model='none'/></devices>\n</domain>");
        Domain d = open().createXml(xml);
        MemoryStats s = d.memoryStats();
        assertEquals(List.of(MemoryStatTag.RSS), s.asList().stream().map(MemoryStats.Stat::tag).toList(), s.toString());
        d.destroy();
    }

    @Test
    void aShutOffGuestHasNone() {
        Domain d = open().defineXml(QemuTestSupport.emptyGuestXml("idle"));
        VirtException e = assertThrows(VirtException.class, d::memoryStats);
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
        assertEquals("Requested operation is not valid: domain is not running", e.getMessage());
        VirtException h = assertThrows(VirtException.class, () -> d.hostname());
        assertEquals(ErrorCode.NO_SUPPORT, h.code());
        d.undefine();
    }

    @Test
    void rssIsVmRssOfTheStatusFile() throws Exception {
        Path status = dir.resolve("status");
        Files.writeString(status, "Name:\tqemu-system-x86\nVmPeak:\t 1000 kB\nVmRSS:\t   43210 kB\nThreads:\t4\n");
        assertEquals(43210L, QemuMemoryStats.rssKiB(status));
        assertNull(QemuMemoryStats.rssKiB(dir.resolve("gone")));
    }
}
