package io.jvirt.driver.storage;

import static io.jvirt.driver.storage.QemuImgTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolState;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolType;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * The storage driver through the public API on qemu:///system (a stand-in hypervisor driver
 * whose connections take their storage from the driver, as the QEMU driver's do): a directory
 * pool on the real file system and qemu-img, persistent across a driver restart, its volumes
 * created, cloned, resized, streamed, guarded while a process holds them open, and removed.
 */
class LinuxStorageDriverTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;
    private Process holder;

    @AfterEach
    void stopHolder() throws Exception {
        if (holder != null) {
            holder.destroyForcibly().waitFor();
        }
    }

    private Connection open(LinuxStorageDriver driver) {
        return StandaloneConnector.withStorage(null, List.of(driver), new LocalHypervisorStub()).open("qemu:///system");
    }

    @Test
    void poolTypesWithoutABackendAreRefusedAsLibvirtDoes() {
        Connection conn = open(LinuxStorageDriver.embedded(tmp.resolve("state")));
        // netfs: libvirt's backend mounts an NFS/CIFS/gluster share; none is at hand to test it against
        assertError(ErrorCode.INTERNAL_ERROR, "missing backend for pool type 2 (netfs)", () -> conn.defineStoragePoolXml("""
            <pool type='netfs'><name>f</name><source><host name='nfs.example'/><dir path='/export'/></source>
            <target><path>/mnt/f</path></target></pool>"""));
        assertError(ErrorCode.INTERNAL_ERROR, "missing backend for pool type 9 (rbd)", () -> conn.defineStoragePoolXml("""
            <pool type='rbd'><name>r</name><source><host name='ceph'/><name>rbdpool</name></source></pool>"""));
        assertEquals(List.of(), conn.listAllStoragePools());
        assertFalse(Files.exists(tmp.resolve("state/config/f.xml")), "nothing was stored");
    }

    @Test
    void dirPoolEndToEnd() throws Exception {
        QemuImgTest.requireQemuImg();
        Path state = tmp.resolve("state");
        Path target = tmp.resolve("pools/wired");
        LinuxStorageDriver driver = LinuxStorageDriver.embedded(state);
        Connection conn = open(driver);

        StoragePool pool = conn.defineStoragePoolXml("""
            <pool type='dir'><name>wired</name><target><path>%s</path></target></pool>""".formatted(target));
        assertFalse(pool.isActive());
        assertTrue(Files.isRegularFile(state.resolve("config/wired.xml")), "the definition is persistent");
        assertError(ErrorCode.SYSTEM_ERROR, "cannot open directory '" + target + "'", pool::create);
        pool.build();
        assertEquals("rwx--x--x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
            "libvirt's default pool mode 0711");
        pool.create();
        assertTrue(pool.isActive());
        assertEquals(StoragePoolState.RUNNING, pool.info().state());
        assertTrue(pool.info().capacity() > 0);

        StorageVol qcow = pool.createVolumeXml("""
            <volume><name>a.qcow2</name><capacity unit='MiB'>8</capacity><target><format type='qcow2'/></target></volume>""");
        assertEquals(target.resolve("a.qcow2").toString(), qcow.path());
        assertEquals(qcow.path(), qcow.key());
        assertEquals(StorageVolType.FILE, qcow.info().type());
        assertEquals(8 * MIB, qcow.info().capacity());
        assertTrue(qcow.info().allocation() < 8 * MIB, "a qcow2 volume allocates as it is written");
        String xml = qcow.xmlDesc();
        assertTrue(xml.contains("<format type='qcow2'/>"), xml);
        assertTrue(xml.contains("<mode>0600</mode>"), xml);
        assertTrue(new String(Files.readAllBytes(Path.of(qcow.path())), 0, 4, java.nio.charset.StandardCharsets.ISO_8859_1)
            .equals("QFI\u00fb"), "a real qcow2 image");

        StorageVol clone = pool.createVolumeXmlFrom("""
            <volume><name>b.qcow2</name><capacity>0</capacity><target><format type='qcow2'/></target></volume>""", qcow);
        assertEquals(8 * MIB, clone.info().capacity(), "a clone is as large as its source");
        clone.resize(16 * MIB);
        assertEquals(16 * MIB, clone.info().capacity());
        assertError(ErrorCode.INVALID_ARG, "unless shrink flag explicitly specified", () -> clone.resize(4 * MIB));

        StorageVol raw = pool.createVolumeXml("""
            <volume><name>r.img</name><capacity unit='MiB'>4</capacity><allocation>0</allocation></volume>""");
        assertEquals(0, raw.info().allocation(), "sparse below its allocation");
        byte[] data = new byte[3 * (int) MIB + 123];
        new Random(23).nextBytes(data);
        try (OutputStream out = raw.upload(0, 0)) {
            for (int off = 0; off < data.length; off += 65536) {
                out.write(data, off, Math.min(65536, data.length - off));
            }
        }
        byte[] back;
        try (InputStream in = raw.download(0, data.length)) {
            back = in.readAllBytes();
        }
        assertArrayEquals(data, back, "byte-identical round trip through the streams");
        assertEquals(4 * MIB, raw.info().capacity(), "an upload within the volume keeps its size");

        assertEquals(List.of("a.qcow2", "b.qcow2", "r.img"), pool.listAllVolumes().stream().map(StorageVol::name).toList());
        pool.setAutostart(true);

        // a driver restart on the same state: the pool is taken back running, its volumes refreshed,
        // the formats the volumes were made in remembered
        LinuxStorageDriver again = LinuxStorageDriver.embedded(state);
        Connection conn2 = open(again);
        StoragePool pool2 = conn2.lookupStoragePoolByName("wired");
        assertTrue(pool2.isActive());
        assertTrue(pool2.autostart());
        assertEquals(List.of("a.qcow2", "b.qcow2", "r.img"), pool2.listAllVolumes().stream().map(StorageVol::name).toList());
        assertEquals(16 * MIB, pool2.lookupVolumeByName("b.qcow2").info().capacity());
        String formats = Files.readString(state.resolve("formats/wired.formats"));
        assertTrue(formats.contains("a.qcow2=qcow2") && formats.contains("b.qcow2=qcow2") && formats.contains("r.img=raw"), formats);

        // a volume another process holds open (a running guest's QEMU) is not deleted
        holder = new ProcessBuilder("sh", "-c", "exec 3<\"$0\"; exec sleep 300", raw.path()).start();
        Path fd3 = Path.of("/proc", Long.toString(holder.pid()), "fd", "3");
        Poll.until("the holder's descriptor", Duration.ofSeconds(30), () -> Files.isSymbolicLink(fd3)
            && Files.readSymbolicLink(fd3).toString().equals(raw.path()));
        assertError(ErrorCode.OPERATION_INVALID, "volume 'r.img' is still in use.", () -> raw.delete());
        assertTrue(Files.exists(Path.of(raw.path())));
        holder.destroyForcibly().waitFor();
        holder = null;
        raw.delete();
        assertFalse(Files.exists(target.resolve("r.img")));

        // the pool's directory goes only once it is empty, and only while the pool is inactive
        pool.destroy();
        assertError(ErrorCode.OPERATION_INVALID, "storage pool 'wired' is not active", pool::numOfVolumes);
        assertError(ErrorCode.SYSTEM_ERROR, "failed to remove pool '" + target + "'", pool::delete);
        pool.create();
        qcow.delete();
        clone.delete();
        assertEquals(List.of(), pool.listAllVolumes());
        pool.destroy();
        pool.delete();
        assertFalse(Files.exists(target));
        pool.undefine();
        assertEquals(List.of(), conn.listAllStoragePools());
        assertFalse(Files.exists(state.resolve("config/wired.xml")));
        assertFalse(Files.exists(state.resolve("formats/wired.formats")));
    }

    /**
     * libvirt probes every file's format on refresh, so a guest that writes a qcow2 header naming a
     * host file as its backing store into its raw disk turns the volume into a qcow2 "backed" by
     * that file. The driver remembers the format each volume was made in and hands it to qemu-img:
     * the volume stays raw, before and after a driver restart, and a clone copies the disk's own bytes.
     */
    @Test
    void aGuestWrittenQcow2HeaderDoesNotMakeARawVolumeReadAHostFile() throws Exception {
        QemuImgTest.requireQemuImg();
        Path state = tmp.resolve("state");
        Path target = tmp.resolve("pool");
        Connection conn = open(LinuxStorageDriver.embedded(state));
        StoragePool pool = conn.defineStoragePoolXml("""
            <pool type='dir'><name>guarded</name><target><path>%s</path></target></pool>""".formatted(target));
        pool.create(io.jvirt.api.StoragePoolCreateFlag.WITH_BUILD);
        StorageVol disk = pool.createVolumeXml("""
            <volume><name>disk.img</name><capacity unit='MiB'>1</capacity><target><format type='raw'/></target></volume>""");

        // what a guest could write into its disk: a qcow2 header whose backing file is a host file
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "host secret\n");
        Path evil = tmp.resolve("evil.qcow2");
        io.jvirt.core.kit.HostCommand.Result made = io.jvirt.core.kit.HostCommand.run(List.of("qemu-img", "create", "-q", "-f",
            "qcow2", "-b", secret.toString(), "-F", "raw", evil.toString(), "1M"), 60_000, io.jvirt.api.ErrorDomain.STORAGE);
        assertEquals(0, made.status(), made.text());
        byte[] header = Files.readAllBytes(evil);
        try (OutputStream out = disk.upload(0, header.length)) {
            out.write(header);
        }
        pool.refresh();
        String xml = pool.lookupVolumeByName("disk.img").xmlDesc();
        assertTrue(xml.contains("<format type='raw'/>"), xml);
        assertFalse(xml.contains("backingStore"), xml);

        StorageVol copy = pool.createVolumeXmlFrom("""
            <volume><name>copy.img</name><capacity>0</capacity><target><format type='raw'/></target></volume>""", disk);
        byte[] copied;
        try (InputStream in = copy.download(0, header.length)) {
            copied = in.readAllBytes();
        }
        assertArrayEquals(header, copied, "the clone holds the disk's own bytes, not the host file's");

        // after a driver restart the format is still the one the volume was made in
        Connection again = open(LinuxStorageDriver.embedded(state));
        String after = again.lookupStoragePoolByName("guarded").lookupVolumeByName("disk.img").xmlDesc();
        assertTrue(after.contains("<format type='raw'/>"), after);
        assertFalse(after.contains("backingStore"), after);
    }

    /** libvirt's storageStateInitialize + autostart: an inactive autostart pool starts with the driver, another stays down. */
    @Test
    void autostartPoolsStartWithTheDriverAndBackendFlagsAreLibvirts() throws Exception {
        QemuImgTest.requireQemuImg();
        Path state = tmp.resolve("state");
        Connection conn = open(LinuxStorageDriver.embedded(state));
        StoragePool auto = conn.defineStoragePoolXml("""
            <pool type='dir'><name>auto</name><target><path>%s</path></target></pool>""".formatted(tmp.resolve("auto")));
        StoragePool manual = conn.defineStoragePoolXml("""
            <pool type='dir'><name>manual</name><target><path>%s</path></target></pool>""".formatted(tmp.resolve("manual")));
        auto.build();
        manual.build();
        auto.setAutostart(true);
        assertTrue(Files.exists(state.resolve("autostart")), "the autostart mark is persistent");
        assertFalse(auto.isActive());

        Connection again = open(LinuxStorageDriver.embedded(state));
        assertTrue(again.lookupStoragePoolByName("auto").isActive(), "started with the driver");
        assertFalse(again.lookupStoragePoolByName("manual").isActive());

        StoragePool a = again.lookupStoragePoolByName("auto");
        StorageVol v = a.createVolumeXml("<volume><name>v.img</name><capacity>1024</capacity></volume>");
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x1) in function virStorageBackendVolDeleteLocal",
            () -> v.delete(io.jvirt.api.StorageVolDeleteFlag.ZEROED));
        assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x1) in function virStorageBackendFileSystemBuild",
            () -> manual.build(io.jvirt.api.StoragePoolBuildFlag.REPAIR));
        v.delete();
    }
}
