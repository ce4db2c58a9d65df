package io.jvirt.driver.storage;

import static io.jvirt.driver.storage.QemuImgTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolType;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * An LVM pool through the public API on qemu:///system, on a loop device over a sparse file this
 * test makes: built (the group made on the device), started, volumes created and listed with
 * their sizes, deleted, the pool deleted (the group and the PV label removed) and undefined. The
 * finally block removes exactly the group and the loop device this test made.
 */
class LinuxStorageDriverLogicalTest {

    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    @Test
    void logicalPoolEndToEnd() throws Exception {
        LogicalPoolTest.requireLvm();
        String vg = "jvirt_w_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> loops = new ArrayList<>();
        Lvm lvm = null;
        try {
            Path backing = tmp.resolve("pv.img");
            try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
                f.setLength(64 * MIB);
            }
            HostCommand.Result r = run(List.of("losetup", "-f", "--show", backing.toString()));
            if (r.status() != 0) {
                throw io.jvirt.api.testing.Prerequisite.missing("cannot attach a loop device: " + r.text());
            }
            String loop = r.text();
            loops.add(loop);
            lvm = new Lvm(60_000, 600_000, List.of(loop), !Lvm.udevRunning(), Lvm.deviceMapperPresent());

            Connection conn = StandaloneConnector.withStorage(null, List.of(LinuxStorageDriver.embedded(tmp.resolve("state"))),
                new LocalHypervisorStub()).open("qemu:///system");
            StoragePool pool = conn.defineStoragePoolXml("""
                <pool type='logical'>
                  <name>lvpool</name>
                  <source><device path='%s'/><name>%s</name></source>
                  <target><path>/dev/%s</path></target>
                </pool>""".formatted(loop, vg, vg));
            pool.build();
            assertTrue(run(List.of("blkid", "-p", "-o", "export", loop)).text().contains("LVM2_member"),
                "the device is a physical volume now");
            pool.create();
            assertTrue(pool.isActive());
            long capacity = pool.info().capacity();
            assertTrue(capacity > 56 * MIB && capacity <= 64 * MIB, "the group's size: " + capacity);
            assertEquals(capacity, pool.info().available());

            StorageVol lv1 = pool.createVolumeXml("<volume><name>lv1</name><capacity unit='MiB'>8</capacity></volume>");
            StorageVol lv2 = pool.createVolumeXml("<volume><name>lv2</name><capacity unit='MiB'>4</capacity></volume>");
            assertError(ErrorCode.STORAGE_VOL_EXIST, "lv1",
                () -> pool.createVolumeXml("<volume><name>lv1</name><capacity unit='MiB'>4</capacity></volume>"));
            assertEquals("/dev/" + vg + "/lv1", lv1.path());
            assertTrue(lv1.key().matches("[A-Za-z0-9]{6}(-[A-Za-z0-9]{4}){5}-[A-Za-z0-9]{6}"), "an LVM uuid: " + lv1.key());

            pool.refresh();
            List<StorageVol> vols = pool.listAllVolumes();
            assertEquals(List.of("lv1", "lv2"), vols.stream().map(StorageVol::name).toList());
            assertEquals(StorageVolType.BLOCK, vols.get(0).info().type());
            assertEquals(8 * MIB, vols.get(0).info().capacity());
            assertEquals(8 * MIB, vols.get(0).info().allocation());
            assertEquals(4 * MIB, vols.get(1).info().capacity());
            assertEquals(12 * MIB, pool.info().allocation());
            assertEquals(capacity - 12 * MIB, pool.info().available());
            String xml = lv1.xmlDesc();
            assertTrue(xml.contains("<capacity unit='bytes'>8388608</capacity>"), xml);
            assertTrue(xml.contains("<path>/dev/" + vg + "/lv1</path>"), xml);

            lv1.delete();
            assertEquals(List.of("lv2"), pool.listAllVolumes().stream().map(StorageVol::name).toList());
            assertEquals(4 * MIB, pool.info().allocation());
            lv2.delete();
            assertEquals(List.of(), pool.listAllVolumes());

            pool.destroy();
            pool.delete();
            assertTrue(lvm.call("vgs", List.of(vg)).status() != 0, "the group is gone");
            assertFalse(run(List.of("blkid", "-p", "-o", "export", loop)).text().contains("LVM2_member"),
                "the PV label is gone");
            pool.undefine();
            assertEquals(List.of(), conn.listAllStoragePools());
        } finally {
            // exactly what this test made: its group (through an Lvm confined to its device) and its loop device
            if (lvm != null) {
                lvm.call("vgremove", List.of("-f", vg));
                for (String l : loops) {
                    lvm.call("pvremove", List.of("-ff", "-y", l));
                }
            }
            for (String l : loops) {
                run(List.of("losetup", "-d", l));
            }
        }
    }

    private static HostCommand.Result run(List<String> argv) throws Exception {
        return HostCommand.run(argv, 60_000, ErrorDomain.STORAGE);
    }
}
