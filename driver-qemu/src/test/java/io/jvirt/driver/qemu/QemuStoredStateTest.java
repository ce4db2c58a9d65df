package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Stored definitions and running guests survive what the environment does: a capability probe
 * that fails (a broken or half-upgraded binary) or a QEMU whose machine types changed never moves
 * a config aside and never orphans a running guest. As libvirt, stored definitions load with
 * fewer checks than a define, and what the environment cannot do fails at start.
 */
class QemuStoredStateTest {

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

    private Connection activate(String emulator) {
        QemuDriver d = new QemuDriver(QemuLifecycleTest.settings(dir).withEmulator(emulator));
        drivers.add(d);
        return StandaloneConnector.create(null, d).open("qemu:///system");
    }

    private void stopLast(Connection c) {
        c.close();
        drivers.remove(drivers.size() - 1).deactivate();
    }

    /** A "QEMU" whose every probe fails, as a binary replaced half-way through an upgrade would. */
    private String brokenEmulator() throws IOException {
        Path fake = dir.resolve("broken-qemu");
        Files.writeString(fake, "#!/bin/sh\necho 'error while loading shared libraries: libfoo.so.1' >&2\nexit 127\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        return fake.toString();
    }

    private List<String> configFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("system/config"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String realEmulator() {
        return QemuSettings.defaults(Path.of("/nonexistent")).findEmulator().toString();
    }

    @Test
    void aFailingProbeNeitherQuarantinesConfigsNorPreventsTheirListing() throws IOException {
        Connection real = activate(realEmulator());
        real.defineXml(QemuTestSupport.emptyGuestXml("plain"));
        stopLast(real);
        List<String> before = configFiles();

        Connection broken = activate(brokenEmulator());
        assertEquals(List.of("plain.xml"), before);
        assertEquals(before, configFiles(), "nothing moved aside");
        Domain d = broken.lookupByName("plain");
        assertEquals(DomainState.SHUTOFF, d.state().state());
        VirtException e = assertThrows(VirtException.class, d::create, "the probe's failure surfaces at start");
        assertTrue(e.getMessage().contains("Failed to probe capabilities"), e.getMessage());
        // the name stays taken: a define of another domain under it is refused as for any listed domain
        assertThrows(VirtException.class, () -> broken.defineXml(QemuTestSupport.emptyGuestXml("plain")
            .replace("<name>plain</name>", "<name>plain</name><uuid>00000000-0000-4000-8000-000000000001</uuid>")));
        stopLast(broken);

        Connection fixed = activate(realEmulator());
        fixed.lookupByName("plain").create();
        assertEquals(DomainState.RUNNING, fixed.lookupByName("plain").state().state());
    }

    @Test
    void aMachineTypeTheEmulatorNoLongerOffersFailsAtStartNotAtLoad() throws IOException {
        Connection c = activate(realEmulator());
        c.defineXml(QemuTestSupport.emptyGuestXml("aged"));
        stopLast(c);
        // as written by a QEMU that had this machine type
        Path config = dir.resolve("system/config/aged.xml");
        String xml = Files.readString(config);
        Files.writeString(config, xml.replaceFirst("machine='[^']*'", "machine='pc-q35-1.0-gone'"));

        Connection after = activate(realEmulator());
        assertEquals(List.of("aged.xml"), configFiles(), "nothing moved aside");
        Domain d = after.lookupByName("aged");
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertTrue(e.getMessage().contains("does not support machine type 'pc-q35-1.0-gone'"), e.getMessage());
        assertTrue(QemuTestSupport.processesUsing(dir).isEmpty(), "no QEMU started");
        assertTrue(Files.readString(config).contains("pc-q35-1.0-gone"), "the definition is kept as written");
    }

    @Test
    void aRunningGuestIsReconnectedEvenWhenTheProbeFails() throws IOException {
        Connection c = activate(realEmulator());
        Domain d = c.defineXml(QemuTestSupport.emptyGuestXml("keeper"));
        d.create();
        int id = d.id();
        long pid = QemuTestSupport.processesUsing(dir).get(0);
        stopLast(c);

        Connection broken = activate(brokenEmulator());
        Domain again = broken.lookupByName("keeper");
        assertEquals(DomainState.RUNNING, again.state().state(), "reconnected, not orphaned");
        assertEquals(id, again.id());
        assertTrue(Files.exists(dir.resolve("system/status/keeper.status")));
        assertTrue(QemuProcess.isAlive(pid, -1));
        again.suspend(); // the monitor answers
        assertEquals(DomainState.PAUSED, again.state().state());
        again.destroy();
        assertEquals(DomainState.SHUTOFF, again.state().state());
    }
}
