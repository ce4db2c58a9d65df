package io.jvirt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restart timeline read from a Karaf log, and the JVM options the embedded side takes from bin/setenv. */
class RestartTimelineTest {

    @TempDir
    Path tmp;

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(ZoneId.systemDefault()).toInstant();
    }

    @Test
    void aContainerRestartsStepsComeFromTheNewJvmsLinesOnly() throws Exception {
        Path log = tmp.resolve("karaf.log");
        Files.write(log, List.of(
            "2026-12-07T03:00:00,100 | INFO  | Karaf Shutdown Socket Thread | ShutdownSocketThread | 6 - x | Karaf shutdown socket: received shutdown command",
            "2026-12-07T03:00:00,200 | INFO  | FelixStartLevel | ConnectorImpl | 26 - io.jvirt.core-bundle | hypervisor driver 'qemu' unregistered",
            "Dec 07, 2026 3:00:01 AM org.apache.karaf.main.Main launch",
            "2026-12-07T03:00:02,000 | INFO  | CM Configuration Updater | EventAdminConfigurationNotifier | 6 - x | Sending Event Admin notification",
            "2026-12-07T03:00:03,000 | INFO  | FelixStartLevel | EventAdminBridge | 26 - io.jvirt.core-bundle | posting domain events to EventAdmin under io/jvirt/domain/*",
            "2026-12-07T03:00:03,500 | INFO  | FelixStartLevel | LocalDomainHost | 26 - io.jvirt.core-bundle | qemu:///system: loading the domains' configs and status files",
            "2026-12-07T03:00:04,000 | INFO  | jvirt-reconnect-1 | QemuReconnect | 33 - io.jvirt.driver-qemu | qemu:///system: reconnected to domain 'a' (pid 1, running)",
            "2026-12-07T03:00:04,250 | INFO  | jvirt-reconnect-2 | QemuReconnect | 33 - io.jvirt.driver-qemu | qemu:///system: reconnected to domain 'b' (pid 2, running)",
            "2026-12-07T03:00:04,300 | INFO  | FelixStartLevel | LocalDomainHost | 26 - io.jvirt.core-bundle | qemu:///system: 1000 domains, 20 running",
            "2026-12-07T03:00:04,310 | INFO  | FelixStartLevel | ConnectorImpl | 26 - io.jvirt.core-bundle | hypervisor driver 'qemu' registered (schemes [qemu])",
            "2026-12-07T03:00:04,400 | INFO  | FelixStartLevel | ConnectorImpl | 26 - io.jvirt.core-bundle | hypervisor driver 'xen' registered (schemes [xen])"));
        Instant command = at("2026-12-07T03:00:00");
        RestartTimeline t = RestartTimeline.container(log, command, at("2026-12-07T03:00:01"),
            Map.of("**the poller sees every domain and the running guests**", at("2026-12-07T03:00:05")));
        String table = RestartTimeline.table("T", List.of(t));
        assertTrue(table.contains("| the new JVM's first line in karaf.log (pax-logging's file appender up) | 2.00 |"), table);
        assertTrue(table.contains("| QEMU driver: state load began | 3.50 |"), table);
        assertTrue(table.contains("| QEMU driver: first guest reconnected | 4.00 |"), table);
        assertTrue(table.contains("| QEMU driver: last guest reconnected | 4.25 |"), table);
        assertTrue(table.contains("| QEMU driver registered with the core | 4.31 |"), table);
        assertTrue(table.contains("| QEMU driver: state loaded and guests reconnected (`qemu:///system: N domains, M running`) | 4.30 |"),
            "the closing line, not a reconnect's (which also names qemu:///system and running): " + table);
        assertTrue(table.contains("| last driver registered | 4.40 |"), table);
        assertTrue(table.indexOf("state load began") < table.indexOf("**the poller"), "rows in the order of their instants: " + table);
    }

    @Test
    void theEmbeddedSideTakesTheDistributionsDefaultJvmOptions() throws Exception {
        String setenv = Files.readString(Path.of("..").resolve(MemoryScenario.SETENV));
        List<String> opts = MemoryScenario.distributionJvmOptions(setenv);
        assertEquals("-Xms16M", opts.get(0));
        assertEquals("-Xmx1G", opts.get(1));
        assertTrue(opts.contains("-XX:+UseSerialGC"), opts.toString());
    }
}
