package io.jvirt.driver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mount table as an fs pool reads it, on a table and a sysfs this test writes: getmntent's
 * escapes, the mount on top of a directory, a loop device followed to its backing file; and the
 * argv of mount and mkfs as libvirt builds them.
 */
class MountTableTest {

    @TempDir
    Path tmp;

    @Test
    void readsEscapedNamesAndTheTopMount() throws Exception {
        Path table = tmp.resolve("mounts");
        Files.writeString(table, """
            /dev/vda / ext4 rw 0 0
            /dev/sdb /srv/my\\040pool ext4 rw,nosuid,nodev,noexec 0 0
            tmpfs /srv/my\\040pool tmpfs rw 0 0
            /dev/loop7 /mnt/img ext4 rw 0 0
            """);
        Path sys = tmp.resolve("sys");
        Files.createDirectories(sys.resolve("loop7/loop"));
        Files.writeString(sys.resolve("loop7/loop/backing_file"), "/images/fs img\n");
        Files.writeString(sys.resolve("loop7/loop/offset"), "0\n");
        MountTable t = new MountTable(table, sys);

        assertEquals("/srv/my pool", t.read().get(1).dir());
        assertEquals("tmpfs", t.on(Path.of("/srv/my pool")).fsname(), "the last mount on a directory is on top");
        assertNull(t.on(Path.of("/srv")));
        assertEquals(List.of(new MountTable.Mount("/dev/sdb", "/srv/my pool")), t.of("/dev/sdb"));
        assertTrue(t.sameSource("/dev/loop7", "/images/fs img"), "a loop device is its backing file");
        assertEquals("/mnt/img", t.of("/images/fs img").get(0).dir());
        assertFalse(t.sameSource("/dev/loop8", "/images/fs img"), "a loop device sysfs does not know");

        Files.writeString(sys.resolve("loop7/loop/offset"), "1048576\n");
        assertFalse(t.sameSource("/dev/loop7", "/images/fs img"), "a partition inside the file is not the file");
        Files.writeString(sys.resolve("loop7/loop/offset"), "0\n");
        Files.writeString(sys.resolve("loop7/loop/backing_file"), "/images/fs img (deleted)\n");
        assertFalse(t.sameSource("/dev/loop7", "/images/fs img"), "a file unlinked since is another file");
        assertEquals("a\\b\tc", MountTable.unescape("a\\134b\\011c"));
        assertEquals("trailing\\04", MountTable.unescape("trailing\\04"));
    }

    @Test
    void mountAndMkfsArgvAreLibvirts() {
        StorageTools tools = StorageTools.defaults();
        DirPool dir = tools.dirPool("p", Path.of("/srv/p"), Permissions.UNSET);
        FsPool ext4 = new FsPool("p", List.of("/dev/sdb1"), "ext4", List.of("sync", "lazytime"), dir, tools, new MountTable());
        List<String> mount = ext4.mountArgv("/dev/sdb1", Path.of("/srv/p"));
        assertEquals(List.of("-o", "nodev,nosuid,noexec,sync,lazytime", "-t", "ext4", "/dev/sdb1", "/srv/p"),
            mount.subList(1, mount.size()));
        assertTrue(mount.get(0).endsWith("mount"), mount.get(0));
        List<String> mkfs = ext4.mkfsArgv("/dev/sdb1");
        assertEquals(List.of("-t", "ext4", "-F", "/dev/sdb1"), mkfs.subList(1, mkfs.size()));
        FsPool auto = new FsPool("p", List.of("/dev/sdb1"), "auto", List.of(), dir, tools, new MountTable());
        assertEquals(List.of("-o", "nodev,nosuid,noexec", "-t", "auto", "/dev/sdb1", "/srv/p"),
            auto.mountArgv("/dev/sdb1", Path.of("/srv/p")).subList(1, 7), "libvirt keeps -t auto for fs pools");
        assertEquals(List.of("-t", "xfs", "-f", "/dev/sdb1"),
            new FsPool("p", List.of("/dev/sdb1"), "xfs", List.of(), dir, tools, new MountTable()).mkfsArgv("/dev/sdb1").subList(1, 5));
        assertEquals(List.of("-t", "vfat", "-I", "/dev/sdb1"),
            new FsPool("p", List.of("/dev/sdb1"), "vfat", List.of(), dir, tools, new MountTable()).mkfsArgv("/dev/sdb1").subList(1, 5));
    }
}
