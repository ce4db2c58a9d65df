package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Guests outlive the driver: a driver instance is "stopped" (deactivated: monitors closed, QEMU
 * left running) and a new one activated on the same state directories, as after a bundle or
 * container restart.
 */
class QemuRestartTest {

    @TempDir
    Path dir;
    final List<QemuDriver> drivers = new ArrayList<>();

    @BeforeEach
    void requireQemu() {
        QemuTestSupport.assumeQemu();
    }

    @AfterEach
    void cleanup() {
        try {
            drivers.forEach(QemuDriver::deactivate);
        } finally {
            QemuTestSupport.killAll(dir);
        }
    }

    private Connection activate() {
        QemuDriver d = new QemuDriver(QemuLifecycleTest.settings(dir));
        drivers.add(d);
        return StandaloneConnector.create(null, d).open("qemu:///system");
    }

    private void stop(Connection c) {
        c.close();
        QemuDriver d = drivers.remove(drivers.size() - 1);
        d.deactivate();
    }

    @Test
    void guestKilledWhileTheDriverWasDownIsShutOffAfterRestart() {
        Connection c = activate();
        c.defineXml(QemuTestSupport.emptyGuestXml("lost")).create();
        long pid = QemuTestSupport.processesUsing(dir).get(0);
        stop(c);
        assertTrue(QemuProcess.isAlive(pid, -1), "deactivation leaves QEMU running");
        QemuTestSupport.kill9(pid);

        Connection again = activate();
        Domain d = again.lookupByName("lost");
        assertEquals(DomainState.SHUTOFF, d.state().state());
        assertEquals(-1, d.id());
        assertTrue(d.isPersistent(), "a persistent domain stays listed");
        assertFalse(Files.exists(dir.resolve("system/status/lost.status")), "status file removed");
        assertEquals(1, again.listAllDomains().size());
    }

    @Test
    void guestLeftRunningIsFoundAgainAndStaysControllable() {
        Connection c = activate();
        Domain before = c.defineXml(QemuTestSupport.emptyGuestXml("survivor"));
        before.create();
        int id = before.id();
        long pid = QemuTestSupport.processesUsing(dir).get(0);
        stop(c);

        Connection again = activate();
        Domain d = again.lookupByName("survivor");
        assertEquals(new StateReason(DomainState.RUNNING, StateReason.RUNNING_BOOTED), d.state());
        assertEquals(id, d.id(), "same id after the restart");
        assertTrue(QemuProcess.isAlive(pid, -1));
        d.suspend();
        assertEquals(DomainState.PAUSED, d.state().state());
        d.destroy();
        assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_DESTROYED), d.state());
        assertFalse(QemuProcess.isAlive(pid, -1), "the reconnected QEMU was killed");
        // a new start after the restart gets a new id, above the old one
        d.create();
        assertTrue(d.id() > id);
        d.destroy();
    }

    @Test
    void guestThatPoweredOffWhileTheDriverWasDownIsShutDownAfterRestart() throws Exception {
        Path guest = QemuTestSupport.tinyGuest();
        Path serial = dir.resolve("serial.log");
        Connection c = activate();
        c.defineXml(QemuTestSupport.tinyGuestXml("sleeper", guest, serial)).create();
        Poll.until("READY", Duration.ofMinutes(2), () -> QemuTestSupport.fileContains(serial, "READY"));
        long pid = QemuTestSupport.processesUsing(dir).get(0);
        Path socket = Path.of(Files.readString(dir.resolve("system/status/sleeper.status")).lines()
            .filter(l -> l.startsWith("monitor=")).findFirst().orElseThrow().substring("monitor=".length()));
        stop(c);

        // press the power button with nobody from jvirt listening: QEMU halts the guest and waits
        java.util.concurrent.CountDownLatch shutdown = new java.util.concurrent.CountDownLatch(1);
        try (QmpMonitor m = QmpMonitor.connect(socket, "sleeper", new QmpMonitor.Listener() {
            @Override
            public void onEvent(String event, java.util.Map<String, Object> data) {
                if ("SHUTDOWN".equals(event)) {
                    shutdown.countDown();
                }
            }

            @Override
            public void onEof() {
            }
        }, 10_000, () -> true)) {
            m.execute("system_powerdown", null, 10_000);
            assertTrue(shutdown.await(60, java.util.concurrent.TimeUnit.SECONDS), "the guest powered off");
        }
        assertTrue(QemuProcess.isAlive(pid, -1), "QEMU waits for the driver (-no-shutdown)");

        Domain d = activate().lookupByName("sleeper");
        assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_SHUTDOWN), d.state());
        Poll.until("QEMU ended by the restarted driver", Duration.ofSeconds(10), () -> !QemuProcess.isAlive(pid, -1));
        assertFalse(Files.exists(dir.resolve("system/status/sleeper.status")));
    }

    @Test
    void pausedGuestIsStillPausedAfterRestart() {
        Connection c = activate();
        Domain d0 = c.defineXml(QemuTestSupport.emptyGuestXml("napping"));
        d0.create();
        d0.suspend();
        stop(c);
        Domain d = activate().lookupByName("napping");
        assertEquals(new StateReason(DomainState.PAUSED, StateReason.PAUSED_USER), d.state());
        d.resume();
        assertEquals(DomainState.RUNNING, d.state().state());
        d.destroy();
    }

    @Test
    void transientGuestWhoseQemuDiedWhileTheDriverWasDownIsGone() {
        Connection c = activate();
        c.createXml(QemuTestSupport.emptyGuestXml("ephemeral"));
        long pid = QemuTestSupport.processesUsing(dir).get(0);
        stop(c);
        QemuTestSupport.kill9(pid);

        Connection again = activate();
        VirtException e = assertThrows(VirtException.class, () -> again.lookupByName("ephemeral"));
        assertEquals(ErrorCode.NO_DOMAIN, e.code());
        assertTrue(again.listAllDomains().isEmpty());
        assertFalse(Files.exists(dir.resolve("system/status/ephemeral.status")));
    }

    @Test
    void pidReusedByAnotherProcessIsNotMistakenForTheGuest() throws Exception {
        Connection c = activate();
        c.defineXml(QemuTestSupport.emptyGuestXml("impostor")).create();
        long pid = QemuTestSupport.processesUsing(dir).get(0);
        stop(c);
        // rewrite the status as if the QEMU had started at another time: pid reuse
        Path status = dir.resolve("system/status/impostor.status");
        String text = Files.readString(status);
        long startTime = QemuProcess.startTime(pid);
        Files.writeString(status, text.replace("pidStartTime=" + startTime, "pidStartTime=" + (startTime + 1)));
        Domain d = activate().lookupByName("impostor");
        assertEquals(DomainState.SHUTOFF, d.state().state());
        // the real QEMU is left alone (it is not provably ours); the test's cleanup kills it
        assertTrue(QemuProcess.isAlive(pid, -1));
    }
}
