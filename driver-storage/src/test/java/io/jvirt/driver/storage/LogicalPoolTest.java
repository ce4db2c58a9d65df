package io.jvirt.driver.storage;

import static io.jvirt.driver.storage.QemuImgTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;

/**
 * An LVM pool on loop devices over sparse files this test makes: build, volumes created, listed
 * with sizes, resized, deleted, the group removed. Where the kernel has no device-mapper the LVs
 * stay inactive (metadata only) and what needs the block device (sparse snapshots, I/O) is checked
 * to fail cleanly instead.
 */
class LogicalPoolTest {

    private static final long MIB = 1 << 20;

    private final StorageTools tools = StorageTools.of("qemu-img", 60_000, 600_000);

    @TempDir
    Path tmp;

    @Test
    void poolAndVolumeCycle() throws Exception {
        requireLvm();
        List<String> loops = new ArrayList<>();
        String vg = "jvirt_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String otherVg = vg + "_o";
        Lvm lvm = null;
        Lvm otherLvm = null;
        try {
            String loop = attach(tmp.resolve("pv.img"), 64 * MIB, loops);
            String otherLoop = attach(tmp.resolve("other.img"), 16 * MIB, loops);
            boolean dm = Lvm.deviceMapperPresent();
            lvm = new Lvm(60_000, 600_000, List.of(loop), !Lvm.udevRunning(), dm);
            otherLvm = new Lvm(60_000, 600_000, List.of(otherLoop), !Lvm.udevRunning(), dm);
            LogicalPool pool = new LogicalPool("lp", vg, lvm, tools);

            pool.build(false, false);
            assertError(ErrorCode.STORAGE_POOL_BUILT, "Device '" + loop + "' already formatted using 'LVM2_member'",
                () -> new LogicalPool("lp", vg + "x", new Lvm(60_000, 600_000, List.of(loop), !Lvm.udevRunning(), dm), tools)
                    .build(false, false));
            pool.start();
            assertTrue(pool.isActive());

            // LVM sees only the pool's devices: a group on another device is invisible through this pool's Lvm
            new LogicalPool("other", otherVg, otherLvm, tools).build(false, false);
            LogicalPool blind = new LogicalPool("blind", otherVg, lvm, tools);
            assertFalse(blind.isActive());
            assertError(ErrorCode.INTERNAL_ERROR, "not found", blind::delete);
            assertTrue(new LogicalPool("other", otherVg, otherLvm, tools).isActive());

            PoolContents empty = pool.refresh();
            assertEquals(List.of(), empty.volumes());
            assertTrue(empty.space().capacity() > 56 * MIB && empty.space().capacity() <= 64 * MIB, "" + empty.space());
            assertEquals(empty.space().capacity(), empty.space().available());

            VolumeInfo v1 = pool.createVolume(VolumeSpec.of("v1", ImageFormat.RAW, 8 * MIB, 8 * MIB));
            assertEquals(8 * MIB, v1.capacity());
            assertEquals(8 * MIB, v1.allocation());
            assertEquals("/dev/" + vg + "/v1", v1.path());
            assertEquals(VolumeInfo.Type.BLOCK, v1.type());
            assertTrue(v1.key().matches("[A-Za-z0-9]{6}(-[A-Za-z0-9]{4}){5}-[A-Za-z0-9]{6}"), v1.key());
            assertFalse(v1.sparse());
            assertError(ErrorCode.STORAGE_VOL_EXIST, "'v1'", () -> pool.createVolume(VolumeSpec.of("v1", ImageFormat.RAW, MIB, MIB)));
            pool.createVolume(VolumeSpec.of("v2", ImageFormat.RAW, 4 * MIB + 1, 4 * MIB + 1));

            PoolContents c = pool.refresh();
            assertEquals(List.of("v1", "v2"), c.volumes().stream().map(VolumeInfo::name).toList());
            assertEquals(8 * MIB, c.volume("v2").capacity(), "LVM rounds up to its 4 MiB extents");
            assertEquals(16 * MIB, c.space().allocation());
            assertEquals(c.space().capacity() - 16 * MIB, c.space().available());

            // sparse as libvirt makes it: a snapshot with a virtual origin
            VolumeSpec sparse = VolumeSpec.of("s1", ImageFormat.RAW, 32 * MIB, 4 * MIB);
            List<String> expected = new ArrayList<>(dm ? List.of() : List.of("-an"));
            expected.addAll(List.of("--name", "s1", "-L", "4096K", "--type", "snapshot", "--virtualsize", "32768K", vg, "--yes"));
            assertEquals(expected, pool.lvcreateArgs(sparse));
            if (dm) {
                VolumeInfo s1 = pool.createVolume(sparse);
                assertTrue(s1.sparse());
                assertEquals(32 * MIB, s1.capacity());
                assertTrue(s1.allocation() < s1.capacity());
                assertError(ErrorCode.NO_SUPPORT, "is sparse, volume wipe not supported", () -> pool.wipeVolume("s1", WipeAlgorithm.ZERO));
                pool.deleteVolume("s1");
            } else {
                // no device-mapper: lvcreate fails, its stderr is in the error, nothing is left behind
                assertError(ErrorCode.INTERNAL_ERROR, "Can't create snapshot without using device-mapper kernel driver",
                    () -> pool.createVolume(sparse));
            }
            assertEquals(List.of("v1", "v2"), pool.refresh().volumes().stream().map(VolumeInfo::name).toList());

            pool.resizeVolume("v1", 12 * MIB, false);
            assertEquals(12 * MIB, pool.volume("v1").capacity());
            assertError(ErrorCode.INVALID_ARG, "unless shrink flag explicitly specified", () -> pool.resizeVolume("v1", 4 * MIB, false));
            pool.resizeVolume("v1", 4 * MIB, true);
            assertEquals(4 * MIB, pool.volume("v1").capacity());

            for (String bad : List.of("a/b", "../x")) {
                assertError(ErrorCode.OPERATION_INVALID, "cannot contain '/'", () -> pool.createVolume(VolumeSpec.of(bad, ImageFormat.RAW, MIB, MIB)));
            }
            assertError(ErrorCode.OPERATION_INVALID, "is not a valid LVM name",
                () -> pool.createVolume(VolumeSpec.of("-x", ImageFormat.RAW, MIB, MIB)));

            if (dm) {
                byte[] data = new byte[3 * (int) MIB];
                new Random(5).nextBytes(data);
                pool.upload("v1", new ByteArrayInputStream(data), 0, 0);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                pool.download("v1", out, 0, data.length);
                assertArrayEquals(data, out.toByteArray());
                pool.wipeVolume("v1", WipeAlgorithm.ZERO);
                ByteArrayOutputStream zero = new ByteArrayOutputStream();
                pool.download("v1", zero, 0, data.length);
                assertArrayEquals(new byte[data.length], zero.toByteArray());
            }

            // a clone of a file volume into the group
            Path file = tmp.resolve("src.img");
            byte[] src = new byte[2 * (int) MIB];
            new Random(9).nextBytes(src);
            java.nio.file.Files.write(file, src);
            VolumeInfo input = new VolumeInfo("src.img", file.toString(), file.toString(), VolumeInfo.Type.FILE,
                ImageFormat.RAW, src.length, src.length, null, null, false);
            if (dm) {
                VolumeInfo c1 = pool.cloneVolume(VolumeSpec.of("c1", ImageFormat.RAW, 0, 0), input);
                assertEquals(4 * MIB, c1.capacity(), "the input's size in LVM's extents");
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                pool.download("c1", o, 0, src.length);
                assertArrayEquals(src, o.toByteArray());
                pool.deleteVolume("c1");
            } else {
                // the LV is made, its device cannot be opened: the half-made LV is removed again
                assertError(ErrorCode.SYSTEM_ERROR, "failed to copy", () -> pool.cloneVolume(VolumeSpec.of("c1", ImageFormat.RAW, 0, 0), input));
            }
            assertEquals(List.of("v1", "v2"), pool.refresh().volumes().stream().map(VolumeInfo::name).toList());

            pool.deleteVolume("v1");
            pool.deleteVolume("v2");
            assertEquals(List.of(), pool.refresh().volumes());
            pool.stop();
            pool.delete();
            assertFalse(pool.isActive());
            assertEquals(2, run(List.of("blkid", "-p", "-o", "export", loop)).status(), "pvremove left the device blank");
            new LogicalPool("other", otherVg, otherLvm, tools).delete();
        } finally {
            // only what this test made: its groups (by name, through Lvm scoped to its devices) and its loop devices
            if (lvm != null) {
                lvm.call("vgremove", List.of("-f", vg));
            }
            if (otherLvm != null) {
                otherLvm.call("vgremove", List.of("-f", otherVg));
            }
            for (String l : loops) {
                run(List.of("losetup", "-d", l));
            }
        }
    }

    private static String attach(Path file, long size, List<String> loops) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        HostCommand.Result r = run(List.of("losetup", "-f", "--show", file.toString()));
        if (r.status() != 0) {
            throw Prerequisite.missing("cannot attach a loop device: " + r.text());
        }
        String dev = r.text();
        loops.add(dev);
        return dev;
    }

    private static HostCommand.Result run(List<String> argv) throws Exception {
        return HostCommand.run(argv, 60_000, ErrorDomain.STORAGE);
    }

    static void requireLvm() {
        List<String> missing = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            missing.add("root");
        }
        for (String p : List.of("lvm", "losetup", "blkid", "blockdev")) {
            if (!HostPrograms.onPath(p)) {
                missing.add(p);
            }
        }
        Prerequisite.requireNothingMissing("LVM pool tests need", missing);
    }

}
