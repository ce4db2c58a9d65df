package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StorageVol;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.NetworkResolver;
import io.jvirt.core.kit.StorageVolumes;
import io.jvirt.core.kit.local.HostPrograms;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.storage.LinuxStorageDriver;

/**
 * qemu:///system with the storage driver, all through the public API: a directory pool defined,
 * built and started in the test's directory; qcow2 volumes created, cloned and resized; a raw
 * volume uploaded to and downloaded from through the streams; the tiny guest booted with a second
 * disk given as {@code <disk type='volume'>} (QEMU opens the volume's file; libvirt's errors for an
 * unknown pool, an inactive pool and a missing volume); the volume cannot be deleted while the
 * guest runs; the pool destroyed and deleted.
 */
class QemuStorageVolumeTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;
    QemuDriver driver;
    LinuxStorageDriver storage;
    Connection conn;

    @BeforeEach
    void open() {
        QemuTestSupport.assumeQemu();
        Prerequisite.require(HostPrograms.find("qemu-img").isPresent(), "qemu-img is not installed");
        storage = LinuxStorageDriver.embedded(dir.resolve("storage"));
        driver = new QemuDriver(QemuLifecycleTest.settings(dir), NetworkResolver.NONE,
            (uri, pool, volume) -> storage.volumePath(pool, volume).orElseThrow(() -> StorageVolumes.noPool(pool)));
        conn = StandaloneConnector.withStorage(null, List.of(storage), driver).open("qemu:///system");
    }

    @AfterEach
    void cleanup() {
        QemuTestSupport.stop(conn, driver, dir);
    }

    @Test
    void aGuestBootsWithAVolumeAsItsSecondDisk() throws Exception {
        Path target = dir.resolve("pool");
        StoragePool pool = conn.defineStoragePoolXml("""
            <pool type='dir'><name>guestpool</name><target><path>%s</path></target></pool>""".formatted(target));
        pool.build();
        pool.create();

        StorageVol base = pool.createVolumeXml("""
            <volume><name>base.qcow2</name><capacity unit='MiB'>16</capacity><target><format type='qcow2'/></target></volume>""");
        StorageVol disk = pool.createVolumeXmlFrom("""
            <volume><name>disk.qcow2</name><capacity>0</capacity><target><format type='qcow2'/></target></volume>""", base);
        assertEquals(16 * MIB, disk.info().capacity());
        disk.resize(32 * MIB);
        assertEquals(32 * MIB, disk.info().capacity());

        StorageVol raw = pool.createVolumeXml("""
            <volume><name>data.img</name><capacity unit='MiB'>4</capacity></volume>""");
        byte[] data = new byte[3 * (int) MIB];
        new Random(42).nextBytes(data);
        try (OutputStream out = raw.upload(0, data.length)) {
            out.write(data);
        }
        try (InputStream in = raw.download(0, 0)) {
            byte[] back = in.readAllBytes();
            assertEquals(4 * MIB, back.length, "length 0 reads to the end of the volume");
            assertArrayEquals(data, java.util.Arrays.copyOf(back, data.length), "byte-identical round trip");
        }

        Path serial = dir.resolve("vol.serial");
        String guest = QemuTestSupport.tinyGuestXml("volguest", QemuTestSupport.tinyGuest(), serial);
        String withVolume = guest.replace("</devices>", """
            <disk type='volume' device='disk'>
              <driver name='qemu' type='qcow2'/>
              <source pool='%s' volume='%s'/>
              <target dev='hdb' bus='ide'/>
            </disk></devices>""");

        // libvirt's errors at start (virDomainStorageSourceTranslateSourcePool), nothing started
        assertStartFails(withVolume.formatted("nopool", "disk.qcow2"), ErrorCode.NO_STORAGE_POOL,
            "no storage pool with matching name 'nopool'");
        assertStartFails(withVolume.formatted("guestpool", "nothere.qcow2"), ErrorCode.NO_STORAGE_VOL,
            "no storage vol with matching name 'nothere.qcow2'");
        StoragePool idle = conn.defineStoragePoolXml("""
            <pool type='dir'><name>idlepool</name><target><path>%s</path></target></pool>""".formatted(dir.resolve("idle")));
        assertStartFails(withVolume.formatted("idlepool", "disk.qcow2"), ErrorCode.CONFIG_UNSUPPORTED,
            "storage pool 'idlepool' containing volume 'disk.qcow2' is not active");
        idle.undefine();
        assertTrue(QemuTestSupport.processesUsing(dir).isEmpty(), "no QEMU was started");

        Domain d = conn.defineXml(withVolume.formatted("guestpool", "disk.qcow2"));
        d.create();
        Poll.until("the guest's READY line", Duration.ofMinutes(2), () -> QemuTestSupport.fileContains(serial, "READY"));
        assertTrue(d.xmlDesc().contains("<source pool='guestpool' volume='disk.qcow2'/>"), d.xmlDesc());
        List<Long> qemus = QemuTestSupport.processesUsing(dir);
        assertEquals(1, qemus.size(), "one QEMU: " + qemus);
        List<String> argv = QemuProcess.cmdline(qemus.get(0));
        // the volume's file as the protocol node (a file, not a host device), qcow2 on top of it
        assertTrue(argv.stream().anyMatch(a -> a.startsWith("{\"driver\":\"file\",\"filename\":\"" + disk.path() + "\"")),
            String.join(" ", argv));
        assertTrue(argv.stream().anyMatch(a -> a.contains("\"driver\":\"qcow2\"")), String.join(" ", argv));
        Path fds = Path.of("/proc", Long.toString(qemus.get(0)), "fd");
        try (var s = Files.list(fds)) {
            assertTrue(s.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(disk.path());
                } catch (Exception e) {
                    return false;
                }
            }), "QEMU holds the volume's file open");
        }

        // a volume in use by the running guest is not deleted
        VirtException inUse = assertThrows(VirtException.class, disk::delete);
        assertEquals(ErrorCode.OPERATION_INVALID, inUse.code());
        assertTrue(inUse.getMessage().endsWith("volume 'disk.qcow2' is still in use."), inUse.getMessage());
        assertTrue(Files.exists(Path.of(disk.path())));

        d.destroy();
        d.undefine();
        disk.delete();
        base.delete();
        raw.delete();
        assertEquals(List.of(), pool.listAllVolumes());
        pool.destroy();
        pool.delete();
        assertFalse(Files.exists(target));
        pool.undefine();
        assertEquals(List.of(), conn.listAllStoragePools());
    }

    private void assertStartFails(String xml, ErrorCode code, String message) {
        Domain d = conn.defineXml(xml);
        try {
            Executable start = d::create;
            VirtException e = assertThrows(VirtException.class, start);
            assertEquals(code, e.code(), e.getMessage());
            assertTrue(e.getMessage().endsWith(message), e.getMessage());
            assertFalse(d.isActive());
        } finally {
            d.undefine();
        }
    }
}
