package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.Registration;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolBuildFlag;
import io.jvirt.api.StoragePoolCreateFlag;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.StoragePoolState;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolCreateFlag;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.api.StorageVolInfoFlag;
import io.jvirt.api.StorageVolType;
import io.jvirt.api.StorageXmlFlag;

/**
 * The test driver's storage: libvirt's test driver pool and volume functions (testStorage*), in
 * memory, with its sizes, states, errors and events.
 */
class StorageTest {

    static final String DEFAULT_POOL_UUID = "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566";
    static final long GIB_100 = 107374182400L;

    /** What libvirt 9.0's virStoragePoolDefFormat makes of the test driver's default pool. */
    static final String DEFAULT_POOL_XML = """
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
        """;

    static String poolXml(String name, String uuid, String path) {
        return "<pool type='dir'><name>" + name + "</name>" + (uuid == null ? "" : "<uuid>" + uuid + "</uuid>")
            + "<target><path>" + path + "</path></target></pool>";
    }

    static String volXml(String name, long capacity, long allocation) {
        return "<volume><name>" + name + "</name><capacity>" + capacity + "</capacity><allocation>" + allocation
            + "</allocation></volume>";
    }

    private final Connector connector = Fixture.connector();

    private static List<String> names(List<StoragePool> pools) {
        List<String> out = new ArrayList<>();
        for (StoragePool p : pools) {
            out.add(p.name());
        }
        return out;
    }

    private static String uri(String file) {
        return "test://" + Fixture.testDriverDir().resolve(file).toAbsolutePath();
    }

    @Test
    void theDefaultHostHasLibvirtsDefaultPoolRunningAndEmpty() {
        try (Connection c = connector.open("test:///default")) {
            StoragePool p = c.lookupStoragePoolByName("default-pool");
            assertEquals(DEFAULT_POOL_UUID, p.uuidString());
            assertTrue(p.isActive());
            assertTrue(p.isPersistent());
            assertFalse(p.autostart());
            assertEquals(new StoragePoolInfo(StoragePoolState.RUNNING, GIB_100, 0, GIB_100), p.info());
            assertEquals(DEFAULT_POOL_XML, p.xmlDesc());
            assertEquals(List.of(), p.listAllVolumes());
            assertEquals(0, p.numOfVolumes());
            assertEquals(p.name(), c.lookupStoragePoolByUuidString(DEFAULT_POOL_UUID).name());
            assertEquals(List.of("default-pool"), names(c.listAllStoragePools()));
            assertEquals(1, c.numOfStoragePools());
            assertEquals(0, c.numOfDefinedStoragePools());
            // the test driver's GetXMLDesc takes no flag, INACTIVE included
            assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x1) in function testStoragePoolGetXMLDesc",
                () -> p.xmlDesc(StorageXmlFlag.INACTIVE));
            assertError(ErrorCode.NO_STORAGE_POOL, "Storage pool not found: no storage pool with matching name 'nope'",
                () -> c.lookupStoragePoolByName("nope"));
            assertError(ErrorCode.NO_STORAGE_POOL,
                "Storage pool not found: no storage pool with matching uuid '11111111-2222-3333-4444-555555555555'",
                () -> c.lookupStoragePoolByUuidString("11111111-2222-3333-4444-555555555555"));
        }
    }

    @Test
    void aPoolsLifecycleAsTheTestDriverRunsIt() throws Exception {
        try (Connection c = connector.open("test:///default")) {
            LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
            Registration reg = c.addStoragePoolEventListener((conn, pool, e) -> events.add(e.toString()));
            Registration refreshes = c.addStoragePoolRefreshListener((conn, pool) -> events.add("refresh " + pool.name()));
            StoragePool p = c.defineStoragePoolXml(poolXml("p1", "6c1c2bd8-0b5e-4cba-9a3a-7f1a8c7a1d11", "/p1"));
            assertTrue(p.isPersistent());
            assertFalse(p.isActive());
            assertEquals(new StoragePoolInfo(StoragePoolState.INACTIVE, GIB_100, 0, GIB_100), p.info());
            assertEquals(List.of("p1"), names(c.listAllStoragePools(StoragePoolListFilter.INACTIVE)));
            assertEquals(List.of("p1"), names(c.listAllStoragePools(StoragePoolListFilter.INACTIVE, StoragePoolListFilter.DIR)));
            assertEquals(List.of(), names(c.listAllStoragePools(StoragePoolListFilter.LOGICAL)));
            assertEquals(1, c.numOfDefinedStoragePools());
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: storage pool 'p1' is not active",
                () -> p.lookupVolumeByName("x"));
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: storage pool is not active",
                p::listAllVolumes);
            p.build();
            assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x4) in function testStoragePoolBuild",
                () -> p.build(StoragePoolBuildFlag.NO_OVERWRITE));
            p.create();
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: storage pool 'p1' is active",
                () -> p.create());
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: storage pool 'p1' is active",
                p::undefine);
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: storage pool 'p1' is active",
                () -> p.delete());
            p.refresh();
            p.setAutostart(true);
            assertTrue(p.autostart());
            assertEquals(List.of("p1"), names(c.listAllStoragePools(StoragePoolListFilter.AUTOSTART)));
            p.destroy();
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: storage pool 'p1' is not active",
                p::destroy);
            p.delete();
            p.undefine();
            assertError(ErrorCode.NO_STORAGE_POOL, "Storage pool not found: no storage pool with matching uuid '6c1c2bd8-0b5e-4cba-9a3a-7f1a8c7a1d11'",
                p::isActive);
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                seen.add(events.poll(1, TimeUnit.MINUTES));
            }
            assertEquals(List.of(
                "event 'lifecycle' for storage pool p1: Defined",
                "event 'lifecycle' for storage pool p1: Created",
                "event 'lifecycle' for storage pool p1: Started",
                "refresh p1",
                "event 'lifecycle' for storage pool p1: Stopped",
                "event 'lifecycle' for storage pool p1: Deleted",
                "event 'lifecycle' for storage pool p1: Undefined"), seen);
            reg.close();
            refreshes.close();
        }
    }

    @Test
    void transientPoolsAndDuplicates() {
        try (Connection c = connector.open("test:///default")) {
            StoragePool t = c.createStoragePoolXml(poolXml("t1", "6c1c2bd8-0b5e-4cba-9a3a-7f1a8c7a1d12", "/t1"));
            assertTrue(t.isActive());
            assertFalse(t.isPersistent());
            assertFalse(t.autostart());
            assertError(ErrorCode.INVALID_ARG, "invalid argument: pool has no config file", () -> t.setAutostart(true));
            assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x1) in function testStoragePoolCreateXML",
                () -> c.createStoragePoolXml(poolXml("t2", null, "/t2"), StoragePoolCreateFlag.WITH_BUILD));
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: pool is already active as 't1'",
                () -> c.createStoragePoolXml(poolXml("t1", "6c1c2bd8-0b5e-4cba-9a3a-7f1a8c7a1d12", "/t1")));
            assertError(ErrorCode.OPERATION_FAILED,
                "operation failed: pool 't1' already exists with uuid 6c1c2bd8-0b5e-4cba-9a3a-7f1a8c7a1d12",
                () -> c.defineStoragePoolXml(poolXml("t1", "6c1c2bd8-0b5e-4cba-9a3a-7f1a8c7a1d13", "/t1b")));
            assertError(ErrorCode.OPERATION_FAILED,
                "operation failed: pool 't1' is already defined with uuid 6c1c2bd8-0b5e-4cba-9a3a-7f1a8c7a1d12",
                () -> c.defineStoragePoolXml(poolXml("t9", "6c1c2bd8-0b5e-4cba-9a3a-7f1a8c7a1d12", "/t9")));
            assertError(ErrorCode.OPERATION_FAILED, "operation failed: Storage source conflict with pool: 'default-pool'",
                () -> c.defineStoragePoolXml(poolXml("other", null, "/default-pool")));
            t.destroy();
            assertError(ErrorCode.NO_STORAGE_POOL, "Storage pool not found: no storage pool with matching name 't1'",
                () -> c.lookupStoragePoolByName("t1"));
        }
    }

    @Test
    void volumesMoveThePoolsAllocation() {
        try (Connection c = connector.open("test:///default")) {
            StoragePool p = c.lookupStoragePoolByName("default-pool");
            StorageVol v = p.createVolumeXml(volXml("v1", 1 << 30, 1 << 20));
            assertEquals("/default-pool/v1", v.path());
            assertEquals("/default-pool/v1", v.key());
            assertEquals("default-pool", v.poolName());
            assertEquals(new StorageVolInfo(StorageVolType.FILE, 1 << 30, 1 << 20), v.info());
            assertEquals(new StoragePoolInfo(StoragePoolState.RUNNING, GIB_100, 1 << 20, GIB_100 - (1 << 20)), p.info());
            assertEquals("v1", c.lookupStorageVolByKey("/default-pool/v1").name());
            assertEquals("v1", c.lookupStorageVolByPath("/default-pool/v1").name());
            assertEquals("default-pool", c.lookupStoragePoolByVolume(v).name());
            assertTrue(v.xmlDesc().contains("<key>/default-pool/v1</key>"), v.xmlDesc());
            assertError(ErrorCode.OPERATION_FAILED, "operation failed: storage vol already exists",
                () -> p.createVolumeXml(volXml("v1", 1, 1)));
            assertError(ErrorCode.INTERNAL_ERROR, "internal error: Not enough free space in pool for volume 'big'",
                () -> p.createVolumeXml(volXml("big", GIB_100, GIB_100)));
            assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x1) in function testStorageVolCreateXML",
                () -> p.createVolumeXml(volXml("v2", 1, 1), StorageVolCreateFlag.PREALLOC_METADATA));
            StorageVol clone = p.createVolumeXmlFrom(volXml("v1c", 1 << 30, 1 << 20), v);
            assertEquals("/default-pool/v1c", clone.path());
            assertEquals(2 << 20, p.info().allocation());
            assertEquals(2, p.numOfVolumes());
            assertError(ErrorCode.NO_SUPPORT, "this function is not supported by the connection driver: virStorageVolGetInfoFlags",
                () -> v.info(StorageVolInfoFlag.GET_PHYSICAL));
            // virsh vol-wipe without an algorithm calls virStorageVolWipe, which libvirt's error names
            assertError(ErrorCode.NO_SUPPORT, "this function is not supported by the connection driver: virStorageVolWipe",
                v::wipe);
            assertError(ErrorCode.NO_SUPPORT, "this function is not supported by the connection driver: virStorageVolWipePattern",
                () -> v.wipe(io.jvirt.api.StorageVolWipeAlgorithm.DOD));
            v.delete();
            assertError(ErrorCode.NO_STORAGE_VOL, "Storage volume not found: no storage vol with matching name 'v1'",
                () -> p.lookupVolumeByName("v1"));
            assertError(ErrorCode.NO_STORAGE_VOL, "Storage volume not found: no storage vol with matching key '/default-pool/v1'",
                () -> c.lookupStorageVolByKey("/default-pool/v1"));
            assertError(ErrorCode.NO_STORAGE_VOL, "Storage volume not found: no storage vol with matching path '/default-pool/v1'",
                () -> c.lookupStorageVolByPath("/default-pool/v1"));
            assertEquals(1 << 20, p.info().allocation());
            clone.delete();
        }
    }

    @Test
    void nodeFilesDefinePoolsWithTheirVolumes() {
        // testnodeinline.xml: the pool and its volume inline
        try (Connection c = connector.open(uri("testnodeinline.xml"))) {
            StoragePool p = c.lookupStoragePoolByName("default-pool");
            assertEquals("35bb2ad9-388a-cdfe-461a-b8907f6e53fe", p.uuidString());
            assertTrue(p.isActive());
            assertTrue(p.isPersistent());
            // the node file's sizes give way to the test driver's defaults; the volume's allocation counts
            assertEquals(new StoragePoolInfo(StoragePoolState.RUNNING, GIB_100, 50000, GIB_100 - 50000), p.info());
            StorageVol v = p.lookupVolumeByName("default-vol");
            assertEquals("/default-pool/default-vol", v.path());
            assertEquals("/default-pool/default-vol", v.key());
            assertEquals(new StorageVolInfo(StorageVolType.FILE, 1000000, 50000), v.info());
            // virStorageVolDefFormat of the node file's volume: a dir pool's volumes default to raw
            assertEquals("""
                <volume type='file'>
                  <name>default-vol</name>
                  <key>/default-pool/default-vol</key>
                  <capacity unit='bytes'>1000000</capacity>
                  <allocation unit='bytes'>50000</allocation>
                  <target>
                    <path>/default-pool/default-vol</path>
                    <format type='raw'/>
                  </target>
                </volume>
                """, v.xmlDesc());
        }
        // testnode.xml: <pool file='testpool.xml'> takes the file's pool in place of the node file's
        // element, as libvirt's testParseXMLDocFromFile does, so the <volume> listed under it is not read
        try (Connection c = connector.open(uri("testnode.xml"))) {
            StoragePool p = c.lookupStoragePoolByName("default-pool");
            assertEquals("35bb2ad9-388a-cdfe-461a-b8907f6e53fe", p.uuidString());
            assertEquals(List.of(), p.listAllVolumes());
            // testpool.xml as virStoragePoolDefFormat writes it, with the test driver's sizes
            assertEquals("""
                <pool type='dir'>
                  <name>default-pool</name>
                  <uuid>35bb2ad9-388a-cdfe-461a-b8907f6e53fe</uuid>
                  <capacity unit='bytes'>107374182400</capacity>
                  <allocation unit='bytes'>0</allocation>
                  <available unit='bytes'>107374182400</available>
                  <source>
                  </source>
                  <target>
                    <path>/default-pool</path>
                    <permissions>
                      <mode>0700</mode>
                      <owner>10736</owner>
                      <group>10736</group>
                    </permissions>
                  </target>
                </pool>
                """, p.xmlDesc());
        }
    }
}
