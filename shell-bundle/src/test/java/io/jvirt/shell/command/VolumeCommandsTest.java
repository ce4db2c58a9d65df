package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.VIEWER;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connector;

/**
 * The vol-* commands on test:///default's "default-pool", with virsh's output layouts and error
 * lines (tools/virsh-volume.c). The test driver has no wipe, resize, upload or download: those
 * commands show virsh's lines over libvirt's NO_SUPPORT, and their files stay untouched.
 */
class VolumeCommandsTest {

    private final Connector connector = TestConsole.connector();

    @TempDir
    Path dir;

    private TestConsole admin() {
        return new TestConsole(connector, ADMIN);
    }

    @Test
    void volListOfTheEmptyDefaultPool() {
        try (TestConsole c = admin()) {
            assertEquals(" Name   Path\n--------------\n", ok(c.run(typed(new VolList(), "default-pool"))));
            assertEquals(" Name   Path   Type   Capacity   Allocation\n---------------------------------------------\n",
                ok(c.run(typed(new VolList(), "--details default-pool"))));
            assertEquals(ok(c.run(typed(new VolList(), "--details default-pool"))), ok(c.run(typed(new VolList(), "default-pool --details"))),
                "the option after the pool, as in virsh");
            assertEquals(ok(c.run(typed(new PoolInfo(), "--bytes default-pool"))), ok(c.run(typed(new PoolInfo(), "default-pool --bytes"))));
            assertEquals("error: failed to get pool 'nosuch'\n"
                + "error: Storage pool not found: no storage pool with matching name 'nosuch'\n",
                fails(c.run(typed(new VolList(), "nosuch"))));
        }
    }

    @Test
    void volumesAreCreatedListedInspectedClonedAndDeleted() {
        try (TestConsole c = admin()) {
            assertEquals("Vol v1 created\n", ok(c.run(typed(new VolCreateAs(), "default-pool v1 1G --allocation 1M"))));
            assertEquals("""
                 Name   Path
                --------------------------
                 v1     /default-pool/v1
                """, ok(c.run(typed(new VolList(), "default-pool"))));
            assertEquals("""
                 Name   Path               Type   Capacity   Allocation
                ---------------------------------------------------------
                 v1     /default-pool/v1   file   1.00 GiB   1.00 MiB
                """, ok(c.run(typed(new VolList(), "--details default-pool"))));
            String info = """
                Name:           v1
                Type:           file
                Capacity:       1.00 GiB
                Allocation:     1.00 MiB
                """;
            assertEquals(info, ok(c.run(typed(new VolInfo(), "v1 --pool default-pool"))));
            assertEquals(info, ok(c.run(typed(new VolInfo(), "v1 default-pool"))));
            assertEquals(info, ok(c.run(typed(new VolInfo(), "/default-pool/v1"))));
            assertEquals("""
                Name:           v1
                Type:           file
                Capacity:       1073741824 bytes
                Allocation:     1048576 bytes
                """, ok(c.run(typed(new VolInfo(), "--bytes v1 --pool default-pool"))));
            assertEquals("Name:           v1\n"
                + "error: this function is not supported by the connection driver: virStorageVolGetInfoFlags\n",
                fails(c.run(typed(new VolInfo(), "--physical /default-pool/v1"))));
            assertEquals("error: failed to get vol 'v1', specifying --pool might help\n"
                + "error: Storage volume not found: no storage vol with matching path 'v1'\n",
                fails(c.run(typed(new VolInfo(), "v1"))));
            assertEquals("error: failed to get vol 'v9'\n"
                + "error: Storage volume not found: no storage vol with matching path 'v9'\n",
                fails(c.run(typed(new VolInfo(), "v9 --pool default-pool"))));
            assertEquals("/default-pool/v1\n", ok(c.run(typed(new VolPath(), "v1 --pool default-pool"))));
            assertEquals("/default-pool/v1\n", ok(c.run(typed(new VolKey(), "v1 --pool default-pool"))));
            assertEquals("v1\n", ok(c.run(typed(new VolName(), "/default-pool/v1"))));
            assertEquals("default-pool\n", ok(c.run(typed(new VolPool(), "/default-pool/v1"))));
            assertEquals("error: failed to get vol 'v1'\n"
                + "error: Storage volume not found: no storage vol with matching path 'v1'\n",
                fails(c.run(typed(new VolName(), "v1"))));
            String xml = ok(c.run(typed(new VolDumpXml(), "v1 --pool default-pool")));
            assertTrue(xml.startsWith("<volume type='file'>\n  <name>v1</name>\n  <key>/default-pool/v1</key>\n"), xml);
            assertTrue(xml.contains("  <capacity unit='bytes'>1073741824</capacity>\n  <allocation unit='bytes'>1048576</allocation>\n"), xml);

            assertEquals("Vol v2 cloned from v1\n", ok(c.run(typed(new VolClone(), "v1 v2 --pool default-pool"))));
            String cloneXml = ok(c.run(typed(new VolClone(), "--print-xml v1 v3 default-pool")));
            assertTrue(cloneXml.startsWith("<volume type='file'>\n  <name>v3</name>\n"), cloneXml);
            assertTrue(ok(c.run(typed(new PoolInfo(), "--bytes default-pool"))).contains("Allocation:     2097152\n"));
            assertEquals("""
                <volume>
                  <name>v4</name>
                  <capacity>10485760</capacity>
                  <allocation>0</allocation>
                  <target>
                    <format type='qcow2'/>
                  </target>
                  <backingStore>
                    <path>/default-pool/v1</path>
                    <format type='raw'/>
                  </backingStore>
                </volume>
                """, ok(c.run(typed(new VolCreateAs(),
                "--print-xml default-pool v4 10M --allocation 0 --format qcow2 --backing-vol v1 --backing-vol-format raw"))));
            assertEquals("error: failed to get vol 'nope'\n"
                + "error: Storage volume not found: no storage vol with matching path 'nope'\n",
                fails(c.run(typed(new VolCreateAs(), "default-pool v4 10M --backing-vol nope"))));
            assertEquals("error: Malformed size 10Q\nerror: invalid argument: unknown suffix 'Q'\n",
                fails(c.run(typed(new VolCreateAs(), "default-pool v4 10Q"))));
            assertEquals("error: Failed to create vol v1\nerror: operation failed: storage vol already exists\n",
                fails(c.run(typed(new VolCreateAs(), "default-pool v1 1"))));
            assertEquals("error: Failed to create vol big\n"
                + "error: internal error: Not enough free space in pool for volume 'big'\n",
                fails(c.run(typed(new VolCreateAs(), "default-pool big 200G --allocation 200G"))));
            assertEquals("error: Failed to create vol v5\n"
                + "error: unsupported flags (0x1) in function testStorageVolCreateXML\n",
                fails(c.run(typed(new VolCreateAs(), "--prealloc-metadata default-pool v5 1M"))));

            // virsh falls back to virStorageVolWipe for zeros, and libvirt's error names it
            assertEquals("error: Failed to wipe vol v1\n"
                + "error: this function is not supported by the connection driver: virStorageVolWipe\n",
                fails(c.run(typed(new VolWipe(), "v1 --pool default-pool"))));
            assertEquals("error: Failed to wipe vol v1\n"
                + "error: this function is not supported by the connection driver: virStorageVolWipePattern\n",
                fails(c.run(typed(new VolWipe(), "v1 --pool default-pool --algorithm dod"))));
            assertEquals("error: Unsupported algorithm 'shred'\n",
                fails(c.run(typed(new VolWipe(), "v1 --pool default-pool --algorithm shred"))));
            assertEquals("error: Failed to change size of volume 'v1' to 2G\n"
                + "error: this function is not supported by the connection driver: virStorageVolResize\n",
                fails(c.run(typed(new VolResize(), "v1 2G --pool default-pool"))));
            assertEquals("error: Failed to change size of volume 'v1' by 1M\n"
                + "error: this function is not supported by the connection driver: virStorageVolResize\n",
                fails(c.run(typed(new VolResize(), "--shrink /default-pool/v1 -1M"))));
            assertEquals("error: negative size requires --shrink\n", fails(c.run(typed(new VolResize(), "/default-pool/v1 -1M"))));

            assertEquals("Vol v2 deleted\n", ok(c.run(typed(new VolDelete(), "v2 --pool default-pool"))));
            assertEquals("Vol /default-pool/v1 deleted\n", ok(c.run(typed(new VolDelete(), "/default-pool/v1"))));
            assertEquals(" Name   Path\n--------------\n", ok(c.run(typed(new VolList(), "default-pool"))));
            assertTrue(ok(c.run(typed(new PoolInfo(), "--bytes default-pool"))).contains("Allocation:     0\n"));
        }
    }

    @Test
    void volCreateFromAFileAndAVolumeInAnotherPool() throws Exception {
        Path vol = Files.writeString(dir.resolve("vol.xml"), "<volume><name>f1</name><capacity>4096</capacity></volume>");
        try (TestConsole c = admin()) {
            assertEquals("Vol f1 created from " + vol + "\n", ok(c.run(typed(new VolCreate(), "default-pool " + vol))));
            assertEquals("Pool other defined\n", ok(c.run(typed(new PoolDefineAs(), "other dir --target /other"))));
            assertEquals("error: pool 'other' is not active\n", fails(c.run(typed(new VolInfo(), "f1 --pool other"))));
            assertEquals("error: Failed to list volumes\n"
                + "error: Requested operation is not valid: storage pool is not active\n",
                fails(c.run(typed(new VolList(), "other"))));
            assertEquals("Pool other started\n", ok(c.run(typed(new PoolStart(), "other"))));
            assertEquals("error: Requested volume '/default-pool/f1' is not in pool 'other'\n",
                fails(c.run(typed(new VolInfo(), "/default-pool/f1 --pool other"))));
        }
    }

    @Test
    void uploadAndDownloadTouchNoFileTheDriverRefuses() throws Exception {
        Path src = Files.writeString(dir.resolve("src.bin"), "data");
        Path target = dir.resolve("out.bin");
        try (TestConsole c = admin()) {
            ok(c.run(typed(new VolCreateAs(), "default-pool d1 1M")));
            assertEquals("error: cannot upload to volume d1\n"
                + "error: this function is not supported by the connection driver: virStorageVolUpload\n",
                fails(c.run(typed(new VolUpload(), "d1 " + src + " --pool default-pool"))));
            assertEquals("error: cannot download from volume d1\n"
                + "error: this function is not supported by the connection driver: virStorageVolDownload\n",
                fails(c.run(typed(new VolDownload(), "d1 " + target + " default-pool"))));
            assertFalse(Files.exists(target));
            assertEquals("error: cannot read " + dir.resolve("missing") + "\n",
                fails(c.run(typed(new VolUpload(), "d1 " + dir.resolve("missing") + " --pool default-pool"))));
            // never through a symbolic link: a link planted where the file is named is refused
            Path link = Files.createSymbolicLink(dir.resolve("link"), src);
            assertEquals("error: cannot read " + link + "\n",
                fails(c.run(typed(new VolUpload(), "d1 " + link + " --pool default-pool"))));
            assertEquals("error: Numeric value 'x' for <offset> option is malformed or out of range\n",
                fails(c.run(typed(new VolUpload(), "--offset x d1 " + src + " --pool default-pool"))));
        }
        try (TestConsole v = new TestConsole(connector, VIEWER)) {
            // a read-only connection's user names no host file at all: refused before it is touched
            assertEquals("error: cannot upload to volume d1\n"
                + "error: operation forbidden: read only access prevents virStorageVolUpload\n",
                fails(v.run(typed(new VolUpload(), "d1 " + src + " --pool default-pool"))));
            assertEquals("error: cannot download from volume d1\n"
                + "error: operation forbidden: read only access prevents virStorageVolDownload\n",
                fails(v.run(typed(new VolDownload(), "d1 " + target + " --pool default-pool"))));
            assertFalse(Files.exists(target));
            assertEquals("error: Failed to delete vol d1\n"
                + "error: operation forbidden: read only access prevents virStorageVolDelete\n",
                fails(v.run(typed(new VolDelete(), "d1 --pool default-pool"))));
            assertTrue(ok(v.run(typed(new VolList(), "default-pool"))).contains(" d1     /default-pool/d1\n"));
        }
        assertEquals("data", Files.readString(src));
    }
}
