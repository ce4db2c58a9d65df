package io.jvirt.driver.qemu;

import static io.jvirt.driver.qemu.QemuTestSupport.awaitEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.CreateFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.runtime.StandaloneConnector;

/** Lifecycle of real QEMU guests under TCG, through the public API. */
class QemuLifecycleTest {

    @TempDir
    Path dir;
    QemuDriver driver;
    Connection conn;
    final BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void open() {
        QemuTestSupport.assumeQemu();
        driver = new QemuDriver(settings(dir));
        conn = StandaloneConnector.create(null, driver).open("qemu:///system");
        conn.addDomainEventListener((c, d, e) -> events.add(e));
    }

    static QemuSettings settings(Path dir) {
        return new QemuSettings("", dir.resolve("system"), dir.resolve("session"), 30_000, 10_000, 5_000, 10_000, false);
    }

    @AfterEach
    void cleanup() {
        QemuTestSupport.stop(conn, driver, dir);
    }

    private Path statusFile(String name) {
        return dir.resolve("system/status/" + name + ".status");
    }

    @Test
    void tinyGuestRunsPausesResumesAndShutsDownOnTheAcpiButton() {
        Path guest = QemuTestSupport.tinyGuest();
        Path serial = dir.resolve("serial.log");
        Domain d = conn.defineXml(QemuTestSupport.tinyGuestXml("tiny", guest, serial));
        assertTrue(Files.exists(dir.resolve("system/config/tiny.xml")), "config written at define");
        d.create();
        assertEquals(new StateReason(DomainState.RUNNING, StateReason.RUNNING_BOOTED), d.state());
        assertTrue(d.id() > 0);
        assertTrue(Files.exists(statusFile("tiny")));
        List<Long> pids = QemuTestSupport.processesUsing(dir);
        assertEquals(1, pids.size(), "one QEMU process");
        awaitEvent(events, DomainEventType.STARTED, DomainEvent.STARTED_BOOTED, 10_000);

        Poll.until("the guest's READY line", Duration.ofMinutes(2), () -> QemuTestSupport.fileContains(serial, "READY"));
        assertTrue(d.info().cpuTimeNs() > 0, "CPU time from /proc");

        d.suspend();
        assertEquals(new StateReason(DomainState.PAUSED, StateReason.PAUSED_USER), d.state());
        awaitEvent(events, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED, 10_000);
        d.resume();
        assertEquals(new StateReason(DomainState.RUNNING, StateReason.RUNNING_UNPAUSED), d.state());
        awaitEvent(events, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED, 10_000);

        d.shutdown();
        List<DomainEvent> seen = awaitEvent(events, DomainEventType.STOPPED, DomainEvent.STOPPED_SHUTDOWN, 60_000);
        assertTrue(seen.stream().anyMatch(e -> e.type() == DomainEventType.SHUTDOWN && e.detail() == DomainEvent.SHUTDOWN_GUEST),
            "SHUTDOWN (guest) before STOPPED: " + seen);
        assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_SHUTDOWN), d.state());
        assertEquals(-1, conn.lookupByName("tiny").id(), "a fresh handle: this one keeps the id it was given");
        assertFalse(Files.exists(statusFile("tiny")), "status file removed");
        Poll.until("QEMU gone", Duration.ofSeconds(10), () -> QemuTestSupport.processesUsing(dir).isEmpty());
        assertTrue(d.isPersistent());
    }

    @Test
    void rebootResetsTheGuestInItsOwnProcess() {
        Path guest = QemuTestSupport.tinyGuest();
        Path serial = dir.resolve("serial.log");
        Domain d = conn.defineXml(QemuTestSupport.tinyGuestXml("phoenix", guest, serial));
        d.create();
        Poll.until("the guest's READY line", Duration.ofMinutes(2), () -> QemuTestSupport.count(serial, "READY") == 1);
        List<Long> pids = QemuTestSupport.processesUsing(dir);
        events.clear();

        d.reboot();
        // the guest powers off on the button, QEMU (-no-shutdown) keeps it, the driver resets it
        List<DomainEvent> seen = awaitEvent(events, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED, 60_000);
        assertTrue(seen.stream().noneMatch(e -> e.type() == DomainEventType.STOPPED || e.type() == DomainEventType.SHUTDOWN),
            "a reboot neither stops nor shuts the domain down: " + seen);
        Poll.until("the guest booting again", Duration.ofMinutes(2), () -> QemuTestSupport.count(serial, "READY") == 2);
        assertEquals(new StateReason(DomainState.RUNNING, StateReason.RUNNING_BOOTED), d.state());
        assertEquals(pids, QemuTestSupport.processesUsing(dir), "the same QEMU process");

        // after the reboot, a shutdown is a shutdown again
        d.shutdown();
        awaitEvent(events, DomainEventType.STOPPED, DomainEvent.STOPPED_SHUTDOWN, 60_000);
        assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_SHUTDOWN), d.state());
        Poll.until("QEMU gone", Duration.ofSeconds(10), () -> QemuTestSupport.processesUsing(dir).isEmpty());
    }

    @Test
    void setmemOfARunningGuestGoesThroughItsBalloon() {
        Path guest = QemuTestSupport.tinyGuest();
        Path serial = dir.resolve("serial.log");
        Domain d = conn.defineXml(QemuTestSupport.tinyGuestXml("slim", guest, serial));
        assertTrue(d.xmlDesc().contains("<memballoon model='virtio'"), "libvirt's implicit balloon: " + d.xmlDesc());
        d.create();
        Poll.until("the guest's first MEMTOTAL line", Duration.ofMinutes(2), () -> !QemuTestSupport.memTotals(serial).isEmpty());
        long before = QemuTestSupport.memTotals(serial).get(0);

        d.setMemory(96 * 1024, ModificationImpact.LIVE);
        // dominfo follows the guest's BALLOON_CHANGE reports (libvirt's cur_balloon) down to the target
        Poll.until("dominfo at the 96 MiB target", Duration.ofMinutes(1), () -> d.info().memoryKiB() == 96 * 1024);
        assertEquals(128 * 1024, d.info().maxMemoryKiB());
        // the guest's balloon driver takes the 32 MiB away from it
        Poll.until("the guest giving 32 MiB back", Duration.ofMinutes(1), () -> {
            List<Long> m = QemuTestSupport.memTotals(serial);
            return m.get(m.size() - 1) <= before - 30 * 1024;
        });
        assertTrue(d.xmlDesc(io.jvirt.api.XmlFlag.INACTIVE).contains("<currentMemory unit='KiB'>131072</currentMemory>"),
            "LIVE leaves the persistent definition alone");
        assertFalse(d.isUpdated());

        VirtException tooBig = assertThrows(VirtException.class, () -> d.setMemory(256 * 1024, ModificationImpact.LIVE));
        assertEquals(ErrorCode.INVALID_ARG, tooBig.code());
        assertTrue(tooBig.getMessage().contains("cannot set memory higher than max memory"), tooBig.getMessage());
        VirtException maxLive = assertThrows(VirtException.class, () -> d.setMaxMemory(64 * 1024));
        assertEquals(ErrorCode.OPERATION_INVALID, maxLive.code());

        d.setMemory(64 * 1024, ModificationImpact.CONFIG);
        assertTrue(d.isUpdated());
        assertTrue(QemuTestSupport.fileContains(dir.resolve("system/config/slim.xml"), "<currentMemory unit='KiB'>65536</currentMemory>"),
            "CONFIG written to the config file at once");
        d.destroy();
        assertEquals(64 * 1024, d.info().memoryKiB(), "the persistent definition is the domain's after it stops");
    }

    @Test
    void setmemWithoutABalloonIsRefused() {
        Domain d = conn.defineXml(QemuTestSupport.emptyGuestXml("stiff").replace("</os>", "</os><devices><memballoon model='none'/></devices>"));
        d.create();
        assertFalse(String.join(" ", QemuProcess.cmdline(QemuTestSupport.processesUsing(dir).get(0))).contains("virtio-balloon"));
        VirtException e = assertThrows(VirtException.class, () -> d.setMemory(32 * 1024, ModificationImpact.LIVE));
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
        assertTrue(e.getMessage().contains("without the balloon device"), e.getMessage());
        d.destroy();
    }

    @Test
    void guestPanicIsACrashAndEndsQemu() {
        Path guest = QemuTestSupport.tinyGuest();
        String xml = QemuTestSupport.tinyGuestXml("doomed", guest, dir.resolve("serial.log"))
            .replace("panic=-1", "panic=-1 jvirt.panic=1")
            .replace("</devices>", "<panic model='isa'/></devices>");
        Domain d = conn.defineXml(xml);
        d.create();
        List<DomainEvent> seen = awaitEvent(events, DomainEventType.STOPPED, DomainEvent.STOPPED_CRASHED, 120_000);
        assertTrue(seen.stream().anyMatch(e -> e.type() == DomainEventType.CRASHED && e.detail() == DomainEvent.CRASHED_PANICKED),
            "CRASHED (panicked) before STOPPED: " + seen);
        assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_CRASHED), d.state());
        Poll.until("QEMU gone", Duration.ofSeconds(10), () -> QemuTestSupport.processesUsing(dir).isEmpty());
        assertFalse(Files.exists(statusFile("doomed")));
    }

    @Test
    void qemuAcceptsEveryKindOfDeviceTheBuilderWrites() {
        Domain d = conn.defineXml("""
            <domain type='qemu'>
              <name>gadgets</name>
              <memory unit='MiB'>64</memory>
              <os><type arch='x86_64' machine='pc'>hvm</type></os>
              <devices>
                <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>
                <interface type='user'><mac address='52:54:00:12:34:56'/><model type='virtio'/></interface>
                <serial type='pty'><target port='0'/></serial>
                <parallel type='null'><target port='0'/></parallel>
                <console type='pty'><target type='virtio'/></console>
                <channel type='unix'><source mode='bind' path='%s'/><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
                <input type='tablet' bus='usb'/>
                <graphics type='vnc' socket='%s'/>
                <audio id='1' type='none'/>
                <video><model type='virtio'/></video>
                <watchdog model='i6300esb' action='reset'/>
                <memballoon model='virtio' autodeflate='on'/>
                <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
                <panic model='isa'/>
              </devices>
            </domain>
            """.formatted(dir.resolve("ga.sock"), dir.resolve("vnc.sock")));
        d.create();
        assertEquals(DomainState.RUNNING, d.state().state());
        String cmdline = String.join(" ", QemuProcess.cmdline(QemuTestSupport.processesUsing(dir).get(0)));
        for (String device : List.of("virtio-net-pci", "isa-parallel", "virtconsole", "virtserialport", "usb-tablet",
            "virtio-vga", "i6300esb", "virtio-balloon-pci", "virtio-rng-pci", "pvpanic", "-audiodev")) {
            assertTrue(cmdline.contains(device), device + " in " + cmdline);
        }
        assertTrue(Files.exists(dir.resolve("ga.sock")), "the guest agent channel's socket");
        java.util.regex.Matcher pty = java.util.regex.Pattern.compile("<serial type='pty'>\\s*<source path='(/dev/pts/\\d+)'/>")
            .matcher(d.xmlDesc());
        assertTrue(pty.find(), "the serial port's pty in the live XML (tty is the first console's only): " + d.xmlDesc());
        assertTrue(Files.exists(Path.of(pty.group(1))), pty.group(1));
        assertTrue(d.xmlDesc().contains("<console type='pty' tty='/dev/pts/"), "the virtio console's pty too");
        assertFalse(d.xmlDesc(io.jvirt.api.XmlFlag.INACTIVE).contains("tty="), "not in the persistent definition");
        d.destroy();
    }

    @Test
    void destroyKillsTheProcess() {
        Domain d = conn.defineXml(QemuTestSupport.emptyGuestXml("victim"));
        d.create();
        long pid = QemuTestSupport.processesUsing(dir).get(0);
        d.destroy();
        assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_DESTROYED), d.state());
        awaitEvent(events, DomainEventType.STOPPED, DomainEvent.STOPPED_DESTROYED, 10_000);
        assertFalse(QemuProcess.isAlive(pid, -1), "QEMU " + pid + " ended");
        assertFalse(Files.exists(statusFile("victim")));
        VirtException e = assertThrows(VirtException.class, d::destroy);
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
        assertTrue(e.getMessage().contains("domain is not running"), e.getMessage());
    }

    @Test
    void startPausedThenResume() {
        Domain d = conn.defineXml(QemuTestSupport.emptyGuestXml("sleepy"));
        d.create(CreateFlag.PAUSED);
        assertEquals(new StateReason(DomainState.PAUSED, StateReason.PAUSED_USER), d.state());
        awaitEvent(events, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED, 10_000);
        d.resume();
        assertEquals(DomainState.RUNNING, d.state().state());
        d.destroy();
    }

    @Test
    void transientDomainVanishesWhenStopped() {
        Domain d = conn.createXml(QemuTestSupport.emptyGuestXml("fleeting"));
        assertFalse(d.isPersistent());
        assertEquals(DomainState.RUNNING, d.state().state());
        assertFalse(Files.exists(dir.resolve("system/config/fleeting.xml")));
        d.destroy();
        VirtException e = assertThrows(VirtException.class, () -> conn.lookupByName("fleeting"));
        assertEquals(ErrorCode.NO_DOMAIN, e.code());
        assertTrue(conn.listAllDomains().isEmpty());
    }

    @Test
    void qemuDyingOnItsOwnIsACrash() {
        Domain d = conn.defineXml(QemuTestSupport.emptyGuestXml("fragile"));
        d.create();
        awaitEvent(events, DomainEventType.STARTED, DomainEvent.STARTED_BOOTED, 10_000);
        QemuTestSupport.kill9(QemuTestSupport.processesUsing(dir).get(0));
        awaitEvent(events, DomainEventType.STOPPED, DomainEvent.STOPPED_FAILED, 20_000);
        assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_CRASHED), d.state());
        assertFalse(Files.exists(statusFile("fragile")));
    }

    @Test
    void missingKernelFailsWithQemusMessageAndLeavesNothing() {
        String xml = QemuTestSupport.tinyGuestXml("nokernel", dir.resolve("nowhere"), dir.resolve("s.log"));
        Domain d = conn.defineXml(xml);
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().contains("kernel file") && e.getMessage().contains("nowhere/vmlinuz"), e.getMessage());
        assertNothingLeft(d, "nokernel");
    }

    @Test
    void badDiskFailsWithQemusMessageAndLeavesNothing() {
        Domain d = conn.defineXml("""
            <domain type='qemu'>
              <name>baddisk</name>
              <memory unit='MiB'>64</memory>
              <os><type arch='x86_64'>hvm</type></os>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='%s'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
              </devices>
            </domain>
            """.formatted(dir.resolve("missing.qcow2")));
        VirtException e = assertThrows(VirtException.class, d::create);
        assertTrue(e.getMessage().contains("missing.qcow2") && e.getMessage().contains("No such file or directory"), e.getMessage());
        assertNothingLeft(d, "baddisk");
    }

    private void assertNothingLeft(Domain d, String name) {
        assertEquals(DomainState.SHUTOFF, d.state().state());
        assertEquals(StateReason.SHUTOFF_FAILED, d.state().reason());
        assertFalse(Files.exists(statusFile(name)), "no status file");
        Poll.until("no QEMU left", Duration.ofSeconds(10), () -> QemuTestSupport.processesUsing(dir).isEmpty());
        try (var s = Files.list(dir.resolve("system/run"))) {
            assertEquals(List.of(), s.filter(p -> !p.getFileName().toString().startsWith("kvm-probe")).toList(), "no run-time files");
        } catch (java.io.IOException ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void kvmIsRefusedClearlyWhereItCannotRunGuests() {
        QemuCapabilities.Info info = new QemuCapabilities(10_000, dir.resolve("probe")).get(settings(dir).findEmulator());
        org.junit.jupiter.api.Assumptions.assumeFalse(info.kvm(), "KVM works on this machine");
        Domain d = conn.defineXml(QemuTestSupport.emptyGuestXml("fast").replace("type='qemu'", "type='kvm'"));
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("does not support virt type 'kvm'"), e.getMessage());
        assertTrue(QemuTestSupport.processesUsing(dir).isEmpty());
        assertFalse(conn.capabilities().contains("<domain type='kvm'/>"));
        assertTrue(conn.capabilities().contains("<domain type='qemu'/>"));
    }

    @Test
    void domxmlToNativeShowsTheCommandLine() {
        String argv = conn.domainXmlToNative("qemu-argv", QemuTestSupport.emptyGuestXml("a,b"));
        assertTrue(argv.contains("-name guest=a,,b,debug-threads=on"), argv);
        assertTrue(argv.contains("-accel tcg"), argv);
        assertTrue(argv.contains("-nodefaults"), argv);
        assertTrue(conn.hypervisorVersion() >= 2_000_000, "version from -version");
    }
}
