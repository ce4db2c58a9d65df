package io.jvirt.shell.command;

import static io.jvirt.shell.command.TestConsole.ADMIN;
import static io.jvirt.shell.command.TestConsole.VIEWER;
import static io.jvirt.shell.command.TestConsole.fails;
import static io.jvirt.shell.command.TestConsole.ok;
import static io.jvirt.shell.command.TestConsole.typed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connector;
import io.jvirt.api.testing.Conformance;

/**
 * The pool-* commands on test:///default (libvirt's test driver's "default-pool"), with virsh's
 * output layouts and error lines (tools/virsh-pool.c), as one console session sees them.
 */
class PoolCommandsTest {

    static final String DEFAULT_POOL_UUID = "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566";

    private final Connector connector = TestConsole.connector();

    @TempDir
    Path dir;

    private TestConsole admin() {
        return new TestConsole(connector, ADMIN);
    }

    @Test
    void poolListAsVirshPrintsIt() {
        try (TestConsole c = admin()) {
            String table = """
                 Name           State    Autostart
                ------------------------------------
                 default-pool   active   no
                """;
            assertEquals(table, ok(c.run(new PoolList())));
            assertEquals(table, ok(c.run(typed(new PoolList(), "--all"))));
            assertEquals(table, ok(c.run(typed(new PoolList(), "--type dir"))));
            assertEquals(table, ok(c.run(typed(new PoolList(), "--type logical,dir --persistent --no-autostart"))));
            assertEquals(" Name   State   Autostart\n---------------------------\n",
                ok(c.run(typed(new PoolList(), "--type logical"))));
            assertEquals("""
                 Name           State     Autostart   Persistent   Capacity     Allocation   Available
                -----------------------------------------------------------------------------------------
                 default-pool   running   no          yes          100.00 GiB   0.00 B       100.00 GiB
                """, ok(c.run(typed(new PoolList(), "--details"))));
            // virsh pads names to 20 and UUIDs to 36 columns
            assertEquals("default-pool        \n", ok(c.run(typed(new PoolList(), "--name"))));
            assertEquals(DEFAULT_POOL_UUID + "\n", ok(c.run(typed(new PoolList(), "--uuid"))));
            assertEquals(DEFAULT_POOL_UUID + " default-pool        \n", ok(c.run(typed(new PoolList(), "--uuid --name"))));
            assertEquals("", ok(c.run(typed(new PoolList(), "--name --inactive"))));
            assertEquals("error: Options --all and --inactive are mutually exclusive\n",
                fails(c.run(typed(new PoolList(), "--all --inactive"))));
            assertEquals("error: Options --details and --uuid are mutually exclusive\n",
                fails(c.run(typed(new PoolList(), "--details --uuid"))));
            assertEquals("error: Invalid pool type 'floppy'\n", fails(c.run(typed(new PoolList(), "--type dir,floppy"))));
        }
    }

    @Test
    void poolInfoNameUuidAndDumpxml() {
        try (TestConsole c = admin()) {
            String info = """
                Name:           default-pool
                UUID:           dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566
                State:          running
                Persistent:     yes
                Autostart:      no
                Capacity:       100.00 GiB
                Allocation:     0.00 B
                Available:      100.00 GiB
                """;
            assertEquals(info, ok(c.run(typed(new PoolInfo(), "default-pool"))));
            assertEquals(info, ok(c.run(typed(new PoolInfo(), DEFAULT_POOL_UUID))));
            assertTrue(ok(c.run(typed(new PoolInfo(), "--bytes default-pool")))
                .endsWith("Capacity:       107374182400\nAllocation:     0\nAvailable:      107374182400\n"));
            assertEquals("default-pool\n", ok(c.run(typed(new PoolName(), DEFAULT_POOL_UUID))));
            assertEquals(DEFAULT_POOL_UUID + "\n", ok(c.run(typed(new PoolUuid(), "default-pool"))));
            assertEquals("error: failed to get pool 'nosuch'\n"
                + "error: Storage pool not found: no storage pool with matching name 'nosuch'\n",
                fails(c.run(typed(new PoolInfo(), "nosuch"))));
            // pool-name looks the argument up as a UUID only: a name is not found, and no lookup error is left
            assertEquals("error: failed to get pool 'default-pool'\n", fails(c.run(typed(new PoolName(), "default-pool"))));
            assertEquals("""
                <pool type='dir'>
                  <name>default-pool</name>
                  <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>
                  <capacity unit='bytes'>107374182400</capacity>
                  <allocation unit='bytes'>0</allocation>
                  <available unit='bytes'>107374182400</available>
                  <source>
                  </source>
                  <target>
                    <path>/default-pool</path>
                  </target>
                </pool>
                """, ok(c.run(typed(new PoolDumpXml(), "default-pool"))));
            // libvirt's test driver takes no flag in its GetXMLDesc
            assertEquals("error: unsupported flags (0x1) in function testStoragePoolGetXMLDesc\n",
                fails(c.run(typed(new PoolDumpXml(), "--inactive default-pool"))));
        }
    }

    @Test
    void poolDefineAsPrintsVirshsDocumentAndAPoolGoesThroughItsLifecycle() throws Exception {
        try (TestConsole c = admin()) {
            // virshtest.c's pool-define-as case
            assertEquals(Conformance.read(Conformance.dir().resolve("virsh/virshtestdata/pool-define-as.out")),
                ok(c.run(typed(new PoolDefineAs(), "--print-xml P dir src-host /src/path /src/dev S /target-path"))));
            assertEquals("Pool p2 defined\n", ok(c.run(typed(new PoolDefineAs(), "p2 dir --target /p2"))));
            assertEquals("""
                 Name           State      Autostart
                --------------------------------------
                 default-pool   active     no
                 p2             inactive   no
                """, ok(c.run(typed(new PoolList(), "--all"))));
            assertEquals("""
                Name:           p2
                UUID:           %s
                State:          inactive
                Persistent:     yes
                Autostart:      no
                """.formatted(ok(c.run(typed(new PoolUuid(), "p2"))).strip()), ok(c.run(typed(new PoolInfo(), "p2"))));
            assertEquals("Pool p2 built\n", ok(c.run(typed(new PoolBuild(), "p2"))));
            assertEquals("error: Failed to build pool p2\n"
                + "error: unsupported flags (0x8) in function testStoragePoolBuild\n",
                fails(c.run(typed(new PoolBuild(), "--overwrite p2"))));
            assertEquals("error: Options --overwrite and --no-overwrite are mutually exclusive\n",
                fails(c.run(typed(new PoolStart(), "--overwrite --no-overwrite p2"))));
            assertEquals("Pool p2 started\n", ok(c.run(typed(new PoolStart(), "p2"))));
            assertEquals("error: Failed to start pool p2\n"
                + "error: Requested operation is not valid: storage pool 'p2' is active\n",
                fails(c.run(typed(new PoolStart(), "p2"))));
            assertEquals("Pool p2 marked as autostarted\n", ok(c.run(typed(new PoolAutostart(), "p2"))));
            assertEquals("p2                  \n", ok(c.run(typed(new PoolList(), "--autostart --name"))));
            assertEquals("Pool p2 refreshed\n", ok(c.run(typed(new PoolRefresh(), "p2"))));
            assertEquals("Pool p2 unmarked as autostarted\n", ok(c.run(typed(new PoolAutostart(), "--disable p2"))));
            assertEquals("error: Failed to undefine pool p2\n"
                + "error: Requested operation is not valid: storage pool 'p2' is active\n",
                fails(c.run(typed(new PoolUndefine(), "p2"))));
            assertEquals("Pool p2 destroyed\n", ok(c.run(typed(new PoolDestroy(), "p2"))));
            assertEquals("Pool p2 deleted\n", ok(c.run(typed(new PoolDelete(), "p2"))));
            assertEquals("Pool p2 has been undefined\n", ok(c.run(typed(new PoolUndefine(), "p2"))));
            assertEquals("error: command 'pool-define-as' requires <type> option\n",
                fails(c.run(typed(new PoolDefineAs(), "p3"))));
            assertEquals("error: Failed to define pool p3\n"
                + "error: operation failed: Storage source conflict with pool: 'default-pool'\n",
                fails(c.run(typed(new PoolDefineAs(), "--name p3 --type dir --target /default-pool"))));
        }
    }

    @Test
    void poolDefineAsMakesAnFsPoolAsVirshDoes() throws Exception {
        // the expected texts are virsh 9.0's on test:///default (libvirt's test driver), run by hand:
        // pool-define-as fsp fs --source-dev /dev/sdb1 --target /mnt/fsp [--print-xml | --source-format ext4]
        try (TestConsole c = admin()) {
            assertEquals("""
                <pool type='fs'>
                  <name>fsp</name>
                  <source>
                    <device path='/dev/sdb1'/>
                  </source>
                  <target>
                    <path>/mnt/fsp</path>
                  </target>
                </pool>
                """, ok(c.run(typed(new PoolDefineAs(), "fsp fs --source-dev /dev/sdb1 --target /mnt/fsp --print-xml"))));
            assertEquals("Pool fsp defined\n",
                ok(c.run(typed(new PoolDefineAs(), "fsp fs --source-dev /dev/sdb1 --target /mnt/fsp --source-format ext4"))));
            String uuid = ok(c.run(typed(new PoolUuid(), "fsp"))).strip();
            assertEquals("""
                <pool type='fs'>
                  <name>fsp</name>
                  <uuid>%s</uuid>
                  <capacity unit='bytes'>107374182400</capacity>
                  <allocation unit='bytes'>0</allocation>
                  <available unit='bytes'>107374182400</available>
                  <source>
                    <device path='/dev/sdb1'/>
                    <format type='ext4'/>
                  </source>
                  <target>
                    <path>/mnt/fsp</path>
                  </target>
                </pool>
                """.formatted(uuid), ok(c.run(typed(new PoolDumpXml(), "fsp"))));
            assertEquals("""
                 Name           State      Autostart   Persistent   Capacity     Allocation   Available
                ------------------------------------------------------------------------------------------
                 default-pool   running    no          yes          100.00 GiB   0.00 B       100.00 GiB
                 fsp            inactive   no          yes          -            -            -
                """, ok(c.run(typed(new PoolList(), "--all --details"))));
            assertEquals("Pool fsp has been undefined\n", ok(c.run(typed(new PoolUndefine(), "fsp"))));
        }
    }

    @Test
    void poolDefineAndCreateFromFiles() throws Exception {
        Path p3 = Files.writeString(dir.resolve("p3.xml"), "<pool type='dir'><name>p3</name><target><path>/p3</path></target></pool>");
        Path p4 = Files.writeString(dir.resolve("p4.xml"), "<pool type='dir'><name>p4</name><target><path>/p4</path></target></pool>");
        try (TestConsole c = admin()) {
            assertEquals("Pool p3 defined from " + p3 + "\n", ok(c.run(typed(new PoolDefine(), p3.toString()))));
            assertEquals("Pool p4 created from " + p4 + "\n", ok(c.run(typed(new PoolCreate(), p4.toString()))));
            assertEquals("error: Failed to create pool from " + p3 + "\n"
                + "error: unsupported flags (0x1) in function testStoragePoolCreateXML\n",
                fails(c.run(typed(new PoolCreate(), "--build " + p3))));
            assertTrue(ok(c.run(typed(new PoolList(), "--transient --details"))).contains(" p4     running   no          no           100.00 GiB"));
            assertEquals("error: failed to mark pool p4 as autostarted\n" + "error: invalid argument: pool has no config file\n",
                fails(c.run(typed(new PoolAutostart(), "p4"))));
            assertEquals("Pool p4 destroyed\n", ok(c.run(typed(new PoolDestroy(), "p4"))));
            assertEquals("error: failed to get pool 'p4'\n"
                + "error: Storage pool not found: no storage pool with matching name 'p4'\n",
                fails(c.run(typed(new PoolInfo(), "p4"))));
        }
    }

    @Test
    void aViewerReadsPoolsButChangesNone() throws Exception {
        Path file = Files.writeString(dir.resolve("v.xml"), "<pool type='dir'><name>v</name><target><path>/v</path></target></pool>");
        try (TestConsole v = new TestConsole(connector, VIEWER)) {
            assertTrue(ok(v.run(new PoolList())).contains(" default-pool   active   no\n"));
            assertTrue(ok(v.run(typed(new PoolInfo(), "default-pool"))).contains("State:          running\n"));
            assertEquals("error: Failed to destroy pool default-pool\n"
                + "error: operation forbidden: read only access prevents virStoragePoolDestroy\n",
                fails(v.run(typed(new PoolDestroy(), "default-pool"))));
            assertEquals("error: failed to mark pool default-pool as autostarted\n"
                + "error: operation forbidden: read only access prevents virStoragePoolSetAutostart\n",
                fails(v.run(typed(new PoolAutostart(), "default-pool"))));
            assertEquals("error: Failed to define pool x\n"
                + "error: operation forbidden: read only access prevents virStoragePoolDefineXML\n",
                fails(v.run(typed(new PoolDefineAs(), "x dir --target /x"))));
            // the viewer may not even read a file outside the configured directory
            String out = fails(v.run(typed(new PoolDefine(), file.toString())));
            assertTrue(out.startsWith("error: operation forbidden: cannot read '"), out);
            assertTrue(ok(v.run(typed(new PoolInfo(), "default-pool"))).contains("State:          running\n"));
        }
    }
}
