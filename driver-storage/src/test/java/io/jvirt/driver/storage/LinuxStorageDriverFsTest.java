package io.jvirt.driver.storage;

import static io.jvirt.driver.storage.QemuImgTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolBuildFlag;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolType;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * File system pools through the public API on qemu:///system, for real: an ext4 file system made
 * by the pool's build on a loop device (or an image file) this test creates, mounted by start,
 * volumes made in it as in a directory pool, unmounted by destroy, found again after the next
 * start. The error cases are libvirt's (NO_OVERWRITE on a formatted device, a missing device) and
 * jvirt's guards (a device mounted elsewhere, a target something else is mounted on, a target
 * through a symbolic link). The cleanup unmounts only mounts under this test's temporary
 * directory and detaches only the loop devices it attached.
 */
class LinuxStorageDriverFsTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;
    private final List<String> loops = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        // the deepest first, so a mount stacked in this directory comes off before its parent
        List<String> ours = new ArrayList<>();
        for (MountTable.Mount m : new MountTable().read()) {
            if (m.dir().startsWith(tmp.toRealPath() + "/")) {
                ours.add(0, m.dir());
            }
        }
        for (String dir : ours) {
            run(List.of("umount", dir));
        }
        for (String l : loops) {
            run(List.of("losetup", "-d", l));
        }
    }

    private Connection open() {
        return StandaloneConnector.withStorage(null, List.of(LinuxStorageDriver.embedded(tmp.resolve("state"))),
            new LocalHypervisorStub()).open("qemu:///system");
    }

    private static String poolXml(String name, String device, String format, Path target) {
        return """
            <pool type='fs'>
              <name>%s</name>
              <source><device path='%s'/><format type='%s'/></source>
              <target><path>%s</path></target>
            </pool>""".formatted(name, device, format, target);
    }

    @Test
    void fsPoolOnALoopDeviceEndToEnd() throws Exception {
        requireFsTools();
        String loop = attach(tmp.resolve("fs.img"), 64 * MIB);
        Path target = tmp.toRealPath().resolve("mnt/fspool");
        Connection conn = open();
        StoragePool pool = conn.defineStoragePoolXml(poolXml("fspool", loop, "ext4", target));
        assertFalse(pool.isActive());

        // libvirt: both build flags together are refused; a build without flags only makes the directory
        assertError(ErrorCode.INVALID_ARG, "mutually exclusive",
            () -> pool.build(StoragePoolBuildFlag.OVERWRITE, StoragePoolBuildFlag.NO_OVERWRITE));
        pool.build();
        assertTrue(Files.isDirectory(target));
        assertFalse(blkid(loop).contains("TYPE="), "no mkfs without a flag: " + blkid(loop));

        pool.build(StoragePoolBuildFlag.OVERWRITE);
        assertTrue(blkid(loop).contains("TYPE=ext4"), blkid(loop));
        assertError(ErrorCode.STORAGE_POOL_BUILT, "Device '" + loop + "' already formatted using 'ext4'",
            () -> pool.build(StoragePoolBuildFlag.NO_OVERWRITE));

        pool.create();
        assertTrue(pool.isActive());
        MountTable.Mount m = new MountTable().on(target);
        assertEquals(loop, m == null ? null : m.fsname(), "mounted on the target");
        assertTrue(mountLine(target).contains("ext4 rw,nosuid,nodev,noexec"), "libvirt's options: " + mountLine(target));
        long capacity = pool.info().capacity();
        assertTrue(capacity > 48 * MIB && capacity <= 64 * MIB, "the file system's size: " + capacity);

        StorageVol q = pool.createVolumeXml("""
            <volume><name>disk.qcow2</name><capacity unit='MiB'>16</capacity>
            <target><format type='qcow2'/></target></volume>""");
        StorageVol r = pool.createVolumeXml("""
            <volume><name>disk.raw</name><capacity unit='MiB'>4</capacity><allocation>0</allocation>
            <target><format type='raw'/></target></volume>""");
        assertEquals(target.resolve("disk.qcow2").toString(), q.path());
        assertTrue(Files.isRegularFile(target.resolve("disk.raw")));
        assertVolumes(pool);
        assertTrue(pool.info().allocation() > 0);

        // a driver restart on the same state: the file system is still mounted there, so the pool
        // comes back running with its volumes (libvirt's check after a daemon restart)
        Connection again = open();
        StoragePool restarted = again.lookupStoragePoolByName("fspool");
        assertTrue(restarted.isActive());
        assertVolumes(restarted);

        pool.destroy();
        assertFalse(pool.isActive());
        assertNull(new MountTable().on(target), "unmounted: " + mountLine(target));
        assertFalse(Files.exists(target.resolve("disk.raw")), "the volumes live in the file system, not the directory");

        pool.create();
        assertVolumes(pool); // found again in the file system
        pool.destroy();
        assertNull(new MountTable().on(target));

        pool.delete();
        assertFalse(Files.exists(target), "the target directory removed");
        pool.undefine();
        assertEquals(List.of(), conn.listAllStoragePools());
    }

    private static void assertVolumes(StoragePool pool) {
        // by name: the pool lists the volumes found by its refresh, then those made since
        List<StorageVol> vols = pool.listAllVolumes().stream().sorted(java.util.Comparator.comparing(StorageVol::name)).toList();
        // ext4's lost+found is a directory volume, as libvirt's refresh lists it in an fs pool
        assertEquals(List.of("disk.qcow2", "disk.raw", "lost+found"), vols.stream().map(StorageVol::name).toList());
        assertEquals(StorageVolType.FILE, vols.get(0).info().type());
        assertEquals(16 * MIB, vols.get(0).info().capacity());
        assertTrue(vols.get(0).xmlDesc().contains("<format type='qcow2'/>"), vols.get(0).xmlDesc());
        assertEquals(4 * MIB, vols.get(1).info().capacity());
        assertEquals(0, vols.get(1).info().allocation(), "a sparse raw file");
        assertTrue(vols.get(1).xmlDesc().contains("<format type='raw'/>"), vols.get(1).xmlDesc());
        assertEquals(StorageVolType.DIR, vols.get(2).info().type());
    }

    @Test
    void anImageFileAsTheDeviceIsSeenMountedThroughItsLoopDevice() throws Exception {
        requireFsTools();
        Path image = tmp.toRealPath().resolve("fs.img");
        sparse(image, 32 * MIB);
        Path target = tmp.toRealPath().resolve("mnt/img");
        StoragePool pool = open().defineStoragePoolXml(poolXml("imgpool", image.toString(), "ext4", target));
        // NO_OVERWRITE on an empty device formats it (libvirt: blkid found nothing)
        pool.build(StoragePoolBuildFlag.NO_OVERWRITE);
        assertTrue(blkid(image.toString()).contains("TYPE=ext4"), blkid(image.toString()));

        pool.create();
        MountTable.Mount m = new MountTable().on(target);
        assertTrue(m != null && m.fsname().startsWith("/dev/loop"), "mount made a loop device: " + m);
        pool.refresh();
        assertTrue(pool.isActive());

        // libvirt compares /proc/mounts' /dev/loopN with the file's name, misses the mount and leaves it on destroy
        pool.destroy();
        assertNull(new MountTable().on(target), "unmounted: " + mountLine(target));
        assertFalse(run(List.of("losetup", "-j", image.toString())).text().contains(image.toString()),
            "the loop device mount made is gone with the mount");
        pool.undefine();
    }

    @Test
    void errorsLeaveNothingMounted() throws Exception {
        requireFsTools();
        String loop = attach(tmp.resolve("fs.img"), 32 * MIB);
        run(List.of("mkfs", "-t", "ext4", "-F", loop));
        Path real = tmp.toRealPath();
        Connection conn = open();

        // a device that does not exist: libvirt's build error; start fails in mount
        Path missing = real.resolve("missing.img");
        StoragePool gone = conn.defineStoragePoolXml(poolXml("gone", missing.toString(), "ext4", real.resolve("mnt/gone")));
        assertError(ErrorCode.OPERATION_INVALID, "Source device does not exist when formatting pool 'gone'",
            () -> gone.build(StoragePoolBuildFlag.OVERWRITE));
        assertTrue(Files.isDirectory(real.resolve("mnt/gone")), "the directory is built before the device is looked at");
        assertError(ErrorCode.INTERNAL_ERROR, "does not exist", gone::create); // mount's own words
        assertFalse(gone.isActive());
        assertNull(new MountTable().on(real.resolve("mnt/gone")));
        gone.undefine();

        // the wrong file system type: mount fails, nothing is mounted
        Path target = real.resolve("mnt/pool");
        StoragePool wrong = conn.defineStoragePoolXml(poolXml("wrong", loop, "xfs", target));
        wrong.build();
        assertError(ErrorCode.STORAGE_POOL_BUILT, "Format of device '" + loop
            + "' does not match the expected format 'xfs', forced overwrite is necessary",
            () -> wrong.build(StoragePoolBuildFlag.NO_OVERWRITE));
        assertError(ErrorCode.INTERNAL_ERROR, "unexpected exit status", wrong::create);
        assertFalse(wrong.isActive());
        assertNull(new MountTable().on(target));
        wrong.undefine();

        StoragePool pool = conn.defineStoragePoolXml(poolXml("pool", loop, "ext4", target));
        // the device mounted somewhere else already
        Path elsewhere = Files.createDirectories(real.resolve("elsewhere"));
        run(List.of("mount", "-t", "ext4", loop, elsewhere.toString()));
        assertError(ErrorCode.OPERATION_INVALID, "Source device '" + loop + "' is already mounted on '" + elsewhere + "'",
            pool::create);
        assertError(ErrorCode.OPERATION_INVALID, "is mounted on", () -> pool.build(StoragePoolBuildFlag.OVERWRITE));
        assertNull(new MountTable().on(target));
        run(List.of("umount", elsewhere.toString()));

        // something else mounted on the target
        run(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "jvirt-test-tmpfs", target.toString()));
        assertError(ErrorCode.OPERATION_INVALID, "Target '" + target + "' is already mounted from 'jvirt-test-tmpfs'",
            pool::create);
        assertFalse(pool.isActive());
        run(List.of("umount", target.toString()));

        // a target reached through a symbolic link
        Path link = real.resolve("link");
        Files.createSymbolicLink(link, Files.createDirectories(real.resolve("victim")));
        // (other devices: libvirt refuses a second pool on one device, "Storage source conflict")
        Path other = real.resolve("other.img");
        sparse(other, 16 * MIB);
        run(List.of("mkfs", "-t", "ext4", "-F", other.toString()));
        StoragePool linked = conn.defineStoragePoolXml(poolXml("linked", other.toString(), "ext4", link));
        assertError(ErrorCode.OPERATION_INVALID, "is a symbolic link", linked::create);
        StoragePool through = conn.defineStoragePoolXml(poolXml("through", real.resolve("third.img").toString(), "ext4",
            link.resolve("sub")));
        Files.createDirectories(real.resolve("victim/sub"));
        assertError(ErrorCode.OPERATION_INVALID, "through a symbolic link", through::create);
        assertNull(new MountTable().on(real.resolve("victim")));
        assertNull(new MountTable().on(real.resolve("victim/sub")));

        // a device path that is no plain absolute path is refused when defined
        assertError(ErrorCode.INVALID_ARG, "is not a plain absolute path",
            () -> conn.defineStoragePoolXml(poolXml("rel", "-o/dev/x", "ext4", real.resolve("mnt/rel"))));
        assertError(ErrorCode.INVALID_ARG, "is not a plain absolute path",
            () -> conn.defineStoragePoolXml(poolXml("dots", "/dev/../etc/passwd", "ext4", real.resolve("mnt/dots"))));

        // and the real one still works afterwards
        pool.create();
        assertTrue(pool.isActive());
        pool.destroy();
        assertNull(new MountTable().on(target));
    }

    // ---------------------------------------------------------------- helpers

    static void requireFsTools() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (String p : List.of("mkfs", "mkfs.ext4", "blkid", "losetup", "mount", "umount")) {
            if (!HostPrograms.onPath(p)) {
                missing.add(p);
            }
        }
        Prerequisite.requireNothingMissing("fs pool tests need", missing);
    }

    private String attach(Path backing, long size) throws Exception {
        sparse(backing, size);
        HostCommand.Result r = run(List.of("losetup", "-f", "--show", backing.toString()));
        if (r.status() != 0) {
            throw Prerequisite.missing("cannot attach a loop device: " + r.text());
        }
        loops.add(r.text());
        return r.text();
    }

    private static void sparse(Path file, long size) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    private static String blkid(String device) throws Exception {
        return run(List.of("blkid", "-p", "-o", "export", device)).text();
    }

    private static String mountLine(Path target) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 1 && MountTable.unescape(f[1]).equals(target.toString())) {
                return line;
            }
        }
        return "";
    }

    private static HostCommand.Result run(List<String> argv) throws Exception {
        return HostCommand.run(argv, 120_000, ErrorDomain.STORAGE);
    }
}
