package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.runtime.StandaloneConnector;

/** Autostart once per host boot, and the separation of qemu:///system and qemu:///session. */
class QemuAutostartTest {

    @TempDir
    Path dir;
    final List<QemuDriver> drivers = new ArrayList<>();

    @AfterEach
    void cleanup() {
        try {
            drivers.forEach(QemuDriver::deactivate);
        } finally {
            QemuTestSupport.killAll(dir);
        }
    }

    private Connection activate(boolean autostart, String uri) {
        QemuSettings s = QemuLifecycleTest.settings(dir);
        s = new QemuSettings(s.emulator(), s.systemRoot(), s.sessionRoot(), s.monitorTimeoutMs(), s.commandTimeoutMs(),
            s.destroyTimeoutMs(), s.probeTimeoutMs(), autostart);
        QemuDriver d = new QemuDriver(s);
        drivers.add(d);
        return StandaloneConnector.create(null, d).open(uri);
    }

    @Test
    void autostartRunsOncePerHostBoot() {
        QemuTestSupport.assumeQemu();
        Connection c = activate(false, "qemu:///system");
        Domain d0 = c.defineXml(QemuTestSupport.emptyGuestXml("early"));
        d0.setAutostart(true);
        assertTrue(Files.exists(dir.resolve("system/autostart/early.xml")));
        c.close();
        drivers.remove(0).deactivate();

        // first activation in this boot: the domain is started
        Connection c2 = activate(true, "qemu:///system");
        Domain d = c2.lookupByName("early");
        Poll.until("autostart", Duration.ofSeconds(30), () -> d.state().state() == DomainState.RUNNING);
        assertTrue(d.autostart());
        d.destroy();
        c2.close();
        drivers.remove(0).deactivate();

        // same boot again: the administrator's destroy stands
        Connection c3 = activate(true, "qemu:///system");
        Domain again = c3.lookupByName("early");
        assertEquals(DomainState.SHUTOFF, again.state().state());
        assertTrue(QemuTestSupport.processesUsing(dir).isEmpty(), "not started a second time");
    }

    @Test
    void systemAndSessionAreSeparateHosts() {
        QemuTestSupport.assumeQemu();
        Connection system = activate(false, "qemu:///system");
        Connection session = StandaloneConnector.create(null, drivers.get(0)).open("qemu:///session");
        assertEquals("qemu:///session", session.uri());
        session.defineXml(QemuTestSupport.emptyGuestXml("mine"));
        assertTrue(Files.exists(dir.resolve("session/config/mine.xml")));
        VirtException e = assertThrows(VirtException.class, () -> system.lookupByName("mine"));
        assertEquals(ErrorCode.NO_DOMAIN, e.code());
        // same name, another (generated) UUID: refused with libvirt's words
        VirtException clash = assertThrows(VirtException.class, () -> session.createXml(QemuTestSupport.emptyGuestXml("mine")));
        assertEquals(ErrorCode.OPERATION_FAILED, clash.code(), clash.getMessage());
        assertTrue(clash.getMessage().contains("already exists with uuid"), clash.getMessage());
        assertTrue(QemuTestSupport.processesUsing(dir).isEmpty());
    }
}
