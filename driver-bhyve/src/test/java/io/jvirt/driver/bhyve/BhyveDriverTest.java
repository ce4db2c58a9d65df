package io.jvirt.driver.bhyve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.local.HostProcFs;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * What only the bhyve driver does, against the stand-ins: the commands it runs, libvirt's monitor
 * exit semantics with their states and events, the restart rule, the cleanup of a failed start.
 */
class BhyveDriverTest {

    BhyveFixture fx;
    BhyveDriver driver;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fx = BhyveFixture.create();
        driver = new BhyveDriver(fx.settings());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (driver != null) {
            driver.deactivate();
        }
        // every VM the driver left running is destroyed through the stand-in bhyvectl (by name)
        for (Path vmm : listOrEmpty(fx.bhyve.dir().resolve("vmm"))) {
            new ProcessBuilder(fx.bhyve.bhyvectl().toString(), "--destroy", "--vm=" + vmm.getFileName()).start().waitFor(30, TimeUnit.SECONDS);
        }
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        fx.close();
    }

    private static List<Path> listOrEmpty(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    Connection open(BhyveDriver d) {
        return StandaloneConnector.create("bhyve:///system", d).open("bhyve:///system");
    }

    /** What the converter builds for {@code xml}, element 0 mapped to the stand-in as the driver maps it. */
    BhyveCommands expected(String xml) {
        DomainDef def = DomainXml.parse(xml);
        BhyveDomainRules.prepare(def, driver.capabilities());
        return BhyveCommandBuilder.build(def, driver.capabilities(), fx.tmp.resolve("state").resolve("grub_bhyve-" + def.name()
            + "-device.map").toString());
    }

    List<String> mapped(List<String> argv) {
        List<String> out = new ArrayList<>(argv);
        out.set(0, switch (argv.get(0)) {
            case "bhyve" -> fx.bhyve.bhyve().toString();
            case "bhyveload" -> fx.bhyve.bhyveload().toString();
            case "grub-bhyve" -> fx.bhyve.grubBhyve().toString();
            default -> argv.get(0);
        });
        return out;
    }

    static DomainEvent next(BlockingQueue<DomainEvent> q, DomainEventType type) throws InterruptedException {
        while (true) {
            DomainEvent e = q.poll(60, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no " + type + " event within a minute");
            }
            if (e.type() == type) {
                return e;
            }
        }
    }

    BlockingQueue<DomainEvent> events(Connection c) {
        BlockingQueue<DomainEvent> q = new LinkedBlockingQueue<>();
        c.addDomainEventListener((conn, dom, ev) -> q.add(ev));
        return q;
    }

    Path status(String name) {
        return fx.tmp.resolve("state/status/" + name + ".status");
    }

    @Test
    void startRunsTheLoaderThenBhyveWhosePidIsTheId() throws Exception {
        String xml = BhyveFixture.xml("web", UUID.randomUUID(), "");
        try (Connection c = open(driver)) {
            Domain d = c.defineXml(xml);
            BlockingQueue<DomainEvent> ev = events(c);
            d.create();
            fx.bhyve.awaitRunning("web", d.id());
            BhyveCommands want = expected(xml);
            assertEquals(mapped(want.loader()), fx.bhyve.recorded("bhyveload", "web"), "the loader as the converter built it");
            assertEquals(mapped(want.bhyve()), fx.bhyve.recorded("bhyve", "web"), "bhyve as the converter built it");
            assertEquals(fx.bhyve.pid("web"), d.id(), "the domain's id is bhyve's pid");
            assertEquals(d.id() + "\n", Files.readString(fx.tmp.resolve("state/web.pid")), "libvirt's pidfile");
            assertEquals(new StateReason(DomainState.RUNNING, StateReason.RUNNING_BOOTED), d.state());
            assertEquals(DomainEvent.STARTED_BOOTED, next(ev, DomainEventType.STARTED).detail());
            assertTrue(Files.exists(status("web")));
            assertEquals(219136, d.info().memoryKiB());
            String log = Files.readString(fx.tmp.resolve("log/web.log"));
            assertTrue(log.contains("bhyveload: loading web"), log);
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(fx.tmp.resolve("log/web.log"))));
            VirtException nope = assertThrows(VirtException.class, d::suspend);
            assertEquals(ErrorCode.NO_SUPPORT, nope.code(), "libvirt's bhyve driver has no suspend");

            d.shutdown(); // SIGTERM: the guest powers off, bhyve exits 1
            DomainEvent stopped = next(ev, DomainEventType.STOPPED);
            assertEquals(DomainEvent.STOPPED_SHUTDOWN, stopped.detail());
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_SHUTDOWN), d.state());
            assertTrue(fx.bhyve.calls().contains("bhyvectl --destroy --vm=web"), fx.bhyve.calls().toString());
            assertFalse(fx.bhyve.vmm("web"), "the vmm instance is destroyed after every stop");
            assertFalse(Files.exists(status("web")));
            assertFalse(Files.exists(fx.tmp.resolve("state/web.pid")), "the pidfile goes with the run");

            d.create();
            fx.bhyve.awaitRunning("web", d.id());
            d.destroy();
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_DESTROYED), d.state());
            assertEquals(DomainEvent.STOPPED_DESTROYED, next(ev, DomainEventType.STOPPED).detail());
            assertFalse(HostProcFs.isRunning(fx.bhyve.pid("web")), "bhyve ended with its VM");
            d.undefine();
            assertTrue(c.listAllDomains().isEmpty());
        }
    }

    /** What libvirt fills in at start: an EFI domain's firmware from the firmware directory, a VNC port. */
    @Test
    void anEfiDomainBootsTheFirmwareDirectorysFirmwareOnAFreeVncPort() throws Exception {
        String xml = "<domain type='bhyve'><name>efi</name><uuid>" + UUID.randomUUID() + "</uuid>"
            + "<memory unit='KiB'>219136</memory><vcpu>1</vcpu>"
            + "<os firmware='efi'><type>hvm</type></os>"
            + "<devices><disk type='file'><driver name='file' type='raw'/><source file='/tmp/efi.img'/>"
            + "<target dev='hda' bus='sata'/></disk>"
            + "<graphics type='vnc' autoport='yes'/></devices></domain>";
        try (Connection c = open(driver)) {
            Domain d = c.defineXml(xml);
            VirtException none = assertThrows(VirtException.class, d::create);
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, none.code());
            assertEquals("no firmwares found in " + fx.tmp.resolve("firmware"), none.getMessage().replaceFirst("^.*?: ", ""));
            assertNull(fx.bhyve.recorded("bhyve", "efi"), "nothing ran");

            Files.createDirectories(fx.tmp.resolve("firmware"));
            Files.writeString(fx.tmp.resolve("firmware/OTHER.fd"), "");
            Files.writeString(fx.tmp.resolve("firmware/BHYVE_UEFI.fd"), "");
            d.create();
            fx.bhyve.awaitRunning("efi", d.id());
            List<String> argv = fx.bhyve.recorded("bhyve", "efi");
            assertTrue(argv.contains("bootrom," + fx.tmp.resolve("firmware/BHYVE_UEFI.fd")), argv.toString());
            assertTrue(fx.bhyve.calls().stream().noneMatch(l -> l.startsWith("bhyveload ")), "no loader step for UEFI");
            String fbuf = argv.stream().filter(a -> a.contains("fbuf")).findFirst().orElseThrow(() -> new AssertionError(argv));
            java.util.regex.Matcher port = java.util.regex.Pattern.compile("tcp=[^:,]*:(\\d+)").matcher(fbuf);
            assertTrue(port.find(), fbuf);
            assertTrue(Integer.parseInt(port.group(1)) >= 5900, "autoport from libvirt's display range: " + fbuf);
            d.destroy();
        }
    }

    /** One start per exit semantic: what the guest does inside, the state and event that follow. */
    @Test
    void bhyvesExitIsReadAsLibvirtsMonitorReadsIt() throws Exception {
        try (Connection c = open(driver)) {
            Domain d = c.defineXml(BhyveFixture.xml("g", UUID.randomUUID(), ""));
            BlockingQueue<DomainEvent> ev = events(c);
            Object[][] cases = {
                {"exit 1", StateReason.SHUTOFF_SHUTDOWN, DomainEvent.STOPPED_SHUTDOWN},
                {"exit 2", StateReason.SHUTOFF_SHUTDOWN, DomainEvent.STOPPED_SHUTDOWN},
                {"exit 3", StateReason.UNKNOWN, DomainEvent.STOPPED_FAILED},
                {"exit 4", StateReason.UNKNOWN, DomainEvent.STOPPED_FAILED},
                {"segv", StateReason.SHUTOFF_CRASHED, DomainEvent.STOPPED_CRASHED},
                {"abrt", StateReason.SHUTOFF_CRASHED, DomainEvent.STOPPED_CRASHED},
            };
            for (Object[] k : cases) {
                d.create();
                next(ev, DomainEventType.STARTED);
                fx.bhyve.awaitRunning("g", d.id());
                fx.bhyve.control("g", (String) k[0]);
                assertEquals((int) k[2], next(ev, DomainEventType.STOPPED).detail(), (String) k[0]);
                assertEquals(new StateReason(DomainState.SHUTOFF, (int) k[1]), d.state(), (String) k[0]);
                assertFalse(Files.exists(status("g")), (String) k[0]);
                assertFalse(fx.bhyve.vmm("g"), (String) k[0] + ": bhyvectl --destroy after the exit");
            }

            // exit 0: the guest rebooted, bhyve runs again (a new pid, a new id)
            d.create();
            next(ev, DomainEventType.STARTED);
            long first = d.id();
            fx.bhyve.awaitRunning("g", first);
            fx.bhyve.control("g", "exit 0");
            DomainEvent again = next(ev, DomainEventType.STARTED);
            assertNotEquals(first, again.id());
            // a handle keeps the id it had (libvirt's virDomainGetID): a fresh lookup sees the new one
            assertEquals(first, d.id());
            d = c.lookupByName("g");
            assertEquals(again.id(), d.id());
            fx.bhyve.awaitRunning("g", d.id());
            assertEquals(new StateReason(DomainState.RUNNING, StateReason.RUNNING_BOOTED), d.state());

            // a requested reboot: SIGTERM makes bhyve exit 1, read as a restart
            d.reboot();
            DomainEvent rebooted = next(ev, DomainEventType.STARTED);
            assertNotEquals(again.id(), rebooted.id());
            assertEquals(DomainState.RUNNING, d.state().state());
            d = c.lookupByName("g");
            assertEquals(rebooted.id(), d.id());
            assertTrue(HostProcFs.isRunning(d.id()));
            fx.bhyve.awaitRunning("g", d.id());
            d.shutdown();
            assertEquals(DomainEvent.STOPPED_SHUTDOWN, next(ev, DomainEventType.STOPPED).detail(), "a reboot is asked once");
        }
    }

    /** The seed's restart rule: only a status whose pid still is that VM's bhyve runs again. */
    @Test
    void reconnectTakesBackOnlyThatVmsBhyve() throws Exception {
        try (Connection c = open(driver)) {
            for (String n : List.of("gone", "kept", "reused")) {
                Domain d = c.defineXml(BhyveFixture.xml(n, UUID.randomUUID(), ""));
                d.create();
                fx.bhyve.awaitRunning(n, d.id());
            }
            fx.bhyve.awaitRunning("transient", c.createXml(BhyveFixture.xml("transient", UUID.randomUUID(), "")).id());
        }
        long kept = fx.bhyve.pid("kept");
        driver.deactivate();
        driver = null;
        // "gone" and "transient" die while the driver is away
        for (String n : List.of("gone", "transient")) {
            long pid = fx.bhyve.pid(n);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            assertTrue(HostProcFs.waitForExit(pid, -1, 30_000));
        }
        // "reused": its status names a live process of the right start time that is no bhyve
        Process stranger = new ProcessBuilder("sleep", "600").redirectInput(new File("/dev/null")).start();
        started.add(stranger);
        long st = HostProcFs.startTime(stranger.pid()).orElseThrow();
        String s = Files.readString(status("reused"));
        Files.writeString(status("reused"), s.replaceAll("(?m)^pid=.*$", "pid=" + stranger.pid())
            .replaceAll("(?m)^pidStartTime=.*$", "pidStartTime=" + st));

        driver = new BhyveDriver(fx.settings());
        try (Connection c = open(driver)) {
            Domain gone = c.lookupByName("gone");
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.UNKNOWN), gone.state());
            assertThrows(VirtException.class, () -> c.lookupByName("transient"), "a transient domain is gone");
            Domain reused = c.lookupByName("reused");
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.UNKNOWN), reused.state(), "a live pid is not enough");
            assertTrue(stranger.isAlive(), "the process that got the pid is left alone");
            assertFalse(fx.bhyve.vmm("reused"), "the VM whose bhyve could not be taken back is destroyed");
            Domain k = c.lookupByName("kept");
            assertEquals(DomainState.RUNNING, k.state().state());
            assertEquals(kept, k.id());
            BlockingQueue<DomainEvent> ev = events(c);
            fx.bhyve.control("kept", "segv"); // watched again: this JVM started it, so its status is known
            assertEquals(DomainEvent.STOPPED_CRASHED, next(ev, DomainEventType.STOPPED).detail());
            gone.create();
            gone.destroy();
            assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_DESTROYED), gone.state());
        }
    }

    @Test
    void aFailedStartLeavesNothingAndQuotesTheLog() throws Exception {
        try (Connection c = open(driver)) {
            Domain d = c.defineXml(BhyveFixture.xml("bad", UUID.randomUUID(), ""));
            fx.bhyve.fail("bhyveload", "bhyveload: cannot open disk /tmp/bad.img");
            VirtException e = assertThrows(VirtException.class, d::create);
            assertTrue(e.getMessage().contains("cannot open disk /tmp/bad.img"), e.getMessage());
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
            assertEquals(DomainState.SHUTOFF, d.state().state());
            assertFalse(Files.exists(status("bad")), "no status file");
            assertNull(fx.bhyve.recorded("bhyve", "bad"), "bhyve never ran");
            assertTrue(fx.bhyve.calls().contains("bhyvectl --destroy --vm=bad"), fx.bhyve.calls().toString());
            assertFalse(fx.bhyve.vmm("bad"), "what the loader made is destroyed");
            fx.bhyve.fail("bhyveload", null);
            d.create();
            assertEquals(DomainState.RUNNING, d.state().state());
            d.destroy();
        }
    }

    /** A {@code <bootloader>} grub-bhyve: its argv as built, the device map it read, the map gone afterwards. */
    @Test
    void grubBhyveGetsItsDeviceMapWhichGoesAfterwards() throws Exception {
        String xml = BhyveFixture.xml("grub", UUID.randomUUID(), "")
            .replace("  <os>", "  <bootloader>" + fx.bhyve.grubBhyve() + "</bootloader>\n  <os>");
        BhyveCommands want = expected(xml);
        org.junit.jupiter.api.Assumptions.assumeTrue(want.deviceMap() != null,
            "the converter on this branch (a placeholder) builds no grub-bhyve loader");
        try (Connection c = open(driver)) {
            Domain d = c.defineXml(xml);
            d.create();
            fx.bhyve.awaitRunning("grub", d.id());
            assertEquals(mapped(want.loader()), fx.bhyve.recorded("grub-bhyve", "grub"));
            assertEquals(want.deviceMap(), fx.bhyve.deviceMap("grub"), "the map grub-bhyve read");
            assertFalse(Files.exists(fx.tmp.resolve("state/grub_bhyve-grub-device.map")), "removed once the loader is done");
            assertEquals(mapped(want.bhyve()), fx.bhyve.recorded("bhyve", "grub"));
            d.destroy();
        }
    }

    /** What bhyve cannot do (here a disk bus it has no emulation for) is refused before a loader or bhyve runs. */
    @Test
    void whatBhyveCannotDoIsRefusedBeforeAnyProcess() throws Exception {
        String xml = BhyveFixture.xml("usb", UUID.randomUUID(), "").replace("bus='sata'", "bus='usb'");
        VirtException refused = null;
        try (Connection c = open(driver)) {
            try {
                c.defineXml(xml).create();
            } catch (VirtException e) {
                refused = e;
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(refused != null, "the converter on this branch (a placeholder) refuses nothing");
        assertTrue(fx.bhyve.calls().stream().noneMatch(l -> l.startsWith("bhyve ") || l.startsWith("bhyveload ")),
            refused.getMessage() + ": " + fx.bhyve.calls());
        assertFalse(Files.exists(status("usb")));
    }

    /** bhyveConnectGetVersion: uname's release as virParseVersionString reads it. */
    @Test
    void versionIsTheKernelRelease() {
        assertEquals(13_002_000, BhyveConnection.version("13.2-RELEASE-p4"));
        assertEquals(6_001_055, BhyveConnection.version("6.1.55-amd64"));
        assertThrows(VirtException.class, () -> BhyveConnection.version("x1"));
        try (Connection c = open(driver)) {
            assertTrue(c.hypervisorVersion() > 0);
        }
    }

    @Test
    void missingProgramsAreNamedAtConnect() throws Exception {
        driver.deactivate();
        BhyveSettings s = fx.settings();
        driver = new BhyveDriver(new BhyveSettings(s.bhyve(), s.bhyveload(), fx.tmp.resolve("nowhere/bhyvectl"), s.grubBhyve(),
            s.stateDir(), s.logDir(), 30_000, 30_000, 10_000, false, null, s.firmwareDir()));
        VirtException e = assertThrows(VirtException.class, () -> open(driver));
        assertTrue(e.getMessage().contains(fx.tmp.resolve("nowhere/bhyvectl").toString()), e.getMessage());
    }

    @Test
    void nativeFormatIsBhyveArgv() throws Exception {
        String xml = BhyveFixture.xml("n", UUID.randomUUID(), "");
        try (Connection c = open(driver)) {
            assertEquals(BhyveArgv.toNative(DomainXml.parse(xml), driver.capabilities()), c.domainXmlToNative("bhyve-argv", xml));
            VirtException e = assertThrows(VirtException.class, () -> c.domainXmlToNative("xen-xl", xml));
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        }
    }
}
