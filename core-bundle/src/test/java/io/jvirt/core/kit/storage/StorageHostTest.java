package io.jvirt.core.kit.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.StoragePoolBuildFlag;
import io.jvirt.api.StoragePoolCreateFlag;
import io.jvirt.api.StoragePoolEvent;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.StoragePoolState;
import io.jvirt.api.StorageVolResizeFlag;
import io.jvirt.api.StorageXmlFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.Flag;
import io.jvirt.core.spi.StoragePoolRef;
import io.jvirt.core.spi.StorageVolRef;

/** libvirt's storage driver semantics in {@link StorageHost}, over an in-memory backend. */
class StorageHostTest {

    private static final String UUID_A = "35bb2ad9-388a-cdfe-461a-b8907f6e53fe";
    private static final String UUID_B = "45bb2ad9-388a-cdfe-461a-b8907f6e53fe";

    private final MemoryStorageBackend backend = new MemoryStorageBackend();
    private final List<String> observed = new CopyOnWriteArrayList<>();

    private StorageHost host(StoragePoolStore store) {
        return new StorageHost(backend, store, "mem:///system", (uri, e) -> observed.add(e.toString()), "storage", 5000);
    }

    private static String pool(String name, String uuid, String path) {
        return "<pool type='dir'><name>" + name + "</name><uuid>" + uuid + "</uuid><target><path>" + path
            + "</path></target></pool>";
    }

    private static String vol(String name, long capacity) {
        return "<volume><name>" + name + "</name><capacity>" + capacity + "</capacity></volume>";
    }

    private static void refused(ErrorCode code, String message, org.junit.jupiter.api.function.Executable call) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void aPoolIsDefinedBuiltStartedRefreshedStoppedDeletedAndUndefined() {
        StorageHost h = host(null);
        StoragePoolRef p = h.defineXml(pool("images", UUID_A, "/srv//images/"), 0);
        assertEquals(List.of(p), h.listAllStoragePools(StoragePoolListFilter.INACTIVE.bit()));
        assertEquals(List.of(), h.listAllStoragePools(StoragePoolListFilter.ACTIVE.bit()));
        assertEquals(List.of(p), h.listAllStoragePools(StoragePoolListFilter.DIR.bit() | StoragePoolListFilter.PERSISTENT.bit()));
        assertEquals(List.of(), h.listAllStoragePools(StoragePoolListFilter.LOGICAL.bit()));
        assertEquals(StoragePoolState.INACTIVE, h.info(p).state());
        refused(ErrorCode.SYSTEM_ERROR, "No such file or directory", () -> h.create(p, 0));
        h.build(p, StoragePoolBuildFlag.NO_OVERWRITE.bit());
        h.create(p, 0);
        assertTrue(h.isActive(p));
        assertEquals(StoragePoolState.RUNNING, h.info(p).state());
        assertEquals(MemoryStorageBackend.POOL_SIZE, h.info(p).capacity());
        assertEquals(p, h.lookupByTargetPath("/srv/images/"));
        refused(ErrorCode.OPERATION_INVALID, "storage pool 'images' is already active", () -> h.create(p, 0));
        refused(ErrorCode.OPERATION_INVALID, "storage pool 'images' is already active", () -> h.build(p, 0));
        refused(ErrorCode.OPERATION_INVALID, "storage pool 'images' is still active", () -> h.undefine(p));
        refused(ErrorCode.OPERATION_INVALID, "storage pool 'images' is still active", () -> h.delete(p, 0));
        h.refresh(p, 0);
        h.destroy(p);
        refused(ErrorCode.OPERATION_INVALID, "storage pool 'images' is not active", () -> h.destroy(p));
        refused(ErrorCode.OPERATION_INVALID, "storage pool 'images' is not active", () -> h.numOfVolumes(p));
        refused(ErrorCode.OPERATION_INVALID, "storage pool 'images' is not active", () -> h.refresh(p, 0));
        refused(ErrorCode.NO_STORAGE_POOL, "no storage pool with matching target path '/srv/images'",
            () -> h.lookupByTargetPath("/srv/images"));
        h.delete(p, 0);
        h.undefine(p);
        refused(ErrorCode.NO_STORAGE_POOL, "no storage pool with matching name 'images'", () -> h.lookupByName("images"));
        refused(ErrorCode.NO_STORAGE_POOL, "no storage pool with matching uuid '" + UUID_A + "' (images)", () -> h.info(p));
        assertEquals(List.of("event 'lifecycle' for storage pool images: Defined",
            "event 'lifecycle' for storage pool images: Created",
            "event 'lifecycle' for storage pool images: Started",
            "event 'refresh' for storage pool images",
            "event 'lifecycle' for storage pool images: Stopped",
            "event 'lifecycle' for storage pool images: Deleted",
            "event 'lifecycle' for storage pool images: Undefined"), observed);
    }

    @Test
    void createWithBuildAndATransientPoolGoesAwayWhenItStops() {
        StorageHost h = host(null);
        refused(ErrorCode.INVALID_ARG, "Flags 'VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE' and "
            + "'VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE' are mutually exclusive",
            () -> h.createXml(pool("t", UUID_A, "/t"), 6));
        refused(ErrorCode.INVALID_ARG, "unsupported flags (0x10) in function storagePoolCreateXML",
            () -> h.createXml(pool("t", UUID_A, "/t"), 16));
        StoragePoolRef t = h.createXml(pool("t", UUID_A, "/t"), StoragePoolCreateFlag.WITH_BUILD_OVERWRITE.bit());
        assertEquals("build t " + StoragePoolBuildFlag.OVERWRITE.bit(), backend.calls.get(0));
        assertFalse(h.isPersistent(t));
        assertEquals(List.of(t), h.listAllStoragePools(StoragePoolListFilter.TRANSIENT.bit()));
        refused(ErrorCode.OPERATION_INVALID, "pool is already active as 't'", () -> h.createXml(pool("t", UUID_A, "/t"), 0));
        refused(ErrorCode.INTERNAL_ERROR, "pool has no config file", () -> h.setAutostart(t, true));
        h.destroy(t);
        assertEquals(0, h.numOfStoragePools() + h.numOfDefinedStoragePools());
    }

    @Test
    void namesUuidsAndSourcesAreUnique() {
        StorageHost h = host(null);
        h.defineXml(pool("a", UUID_A, "/a"), 0);
        refused(ErrorCode.OPERATION_FAILED, "pool 'a' is already defined with uuid " + UUID_A,
            () -> h.defineXml(pool("b", UUID_A, "/b"), 0));
        refused(ErrorCode.OPERATION_FAILED, "pool 'a' already exists with uuid " + UUID_A,
            () -> h.defineXml(pool("a", UUID_B, "/b"), 0));
        refused(ErrorCode.OPERATION_FAILED, "Storage source conflict with pool: 'a'",
            () -> h.defineXml(pool("b", UUID_B, "/a/"), 0));
        // redefining with the same name and UUID replaces the definition
        h.defineXml(pool("a", UUID_A, "/a2"), 0);
        assertEquals("/a2", h.find("a").def().targetPath());
    }

    @Test
    void sourcesConflictAcrossPoolTypesAsLibvirtSays() {
        StorageHost h = host(null);
        h.defineXml("<pool type='logical'><name>vg</name><uuid>" + UUID_A + "</uuid><source><device path='/dev/sdb'/>"
            + "<device path='/dev/sdc'/><name>vg</name></source><target><path>/dev/vg</path></target></pool>", 0);
        // virStoragePoolObjSourceFindDuplicateCb: an fs pool on a device a logical pool uses
        refused(ErrorCode.OPERATION_FAILED, "Storage source conflict with pool: 'vg'",
            () -> h.defineXml("<pool type='fs'><name>fs</name><uuid>" + UUID_B + "</uuid><source><device path='/dev/sdc'/>"
                + "</source><target><path>/mnt/fs</path></target></pool>", 0));
        // two netfs pools on the same host and export
        h.defineXml("<pool type='netfs'><name>nfs1</name><source><host name='nas'/><dir path='/export'/></source>"
            + "<target><path>/mnt/a</path></target></pool>", 0);
        refused(ErrorCode.OPERATION_FAILED, "Storage source conflict with pool: 'nfs1'",
            () -> h.defineXml("<pool type='netfs'><name>nfs2</name><source><host name='nas'/><dir path='/export'/></source>"
                + "<target><path>/mnt/b</path></target></pool>", 0));
    }

    @Test
    void aRedefinitionOfARunningPoolWaitsForTheNextStart() {
        StorageHost h = host(null);
        StoragePoolRef p = h.defineXml(pool("a", UUID_A, "/a"), 0);
        h.build(p, 0);
        h.create(p, 0);
        h.defineXml(pool("a", UUID_A, "/a-next"), 0);
        assertTrue(h.xmlDesc(p, 0).contains("<path>/a</path>"));
        assertTrue(h.xmlDesc(p, StorageXmlFlag.INACTIVE.bit()).contains("<path>/a-next</path>"));
        h.destroy(p);
        assertTrue(h.xmlDesc(p, 0).contains("<path>/a-next</path>"));
    }

    @Test
    void volumesAreCreatedClonedResizedWipedStreamedAndDeleted() throws Exception {
        StorageHost h = host(null);
        StoragePoolRef a = h.createXml(pool("a", UUID_A, "/a"), StoragePoolCreateFlag.WITH_BUILD.bit());
        StoragePoolRef b = h.createXml(pool("b", UUID_B, "/b"), StoragePoolCreateFlag.WITH_BUILD.bit());
        StorageVolRef full = h.volCreateXml(a, vol("full.img", 4096), 0);
        assertEquals(MemoryStorageBackend.POOL_SIZE - 4096, h.info(a).available(), "the pool's free space shrinks");
        StorageVolRef v = h.volCreateXml(a, "<volume><name>disk.img</name><capacity>4096</capacity>"
            + "<allocation>0</allocation></volume>", 0);
        assertEquals(new StorageVolRef("a", "disk.img", "/a/disk.img"), v);
        refused(ErrorCode.STORAGE_VOL_EXIST, "'disk.img'", () -> h.volCreateXml(a, vol("disk.img", 1), 0));
        refused(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name 'x'", () -> h.volLookupByName(a, "x"));
        assertEquals(v, h.volLookupByKey("/a/disk.img"));
        assertEquals(v, h.volLookupByPath("/a//disk.img"));
        refused(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching key /nope", () -> h.volLookupByKey("/nope"));
        try (OutputStream out = h.volUpload(v, 10, 0, 0)) {
            refused(ErrorCode.OPERATION_INVALID, "volume 'disk.img' is still in use.", () -> h.volDelete(v, 0));
            refused(ErrorCode.OPERATION_INVALID, "pool 'a' has asynchronous jobs running.", () -> h.destroy(a));
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
        }
        try (InputStream in = h.volDownload(v, 10, 5, 0)) {
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
        }
        // a clone in another pool is at least as large as its source, and has its bytes
        StorageVolRef c = h.volCreateXmlFrom(b, "<volume><name>copy.img</name><capacity>10</capacity></volume>", v, 0);
        assertEquals(4096, h.volInfo(c, 0).capacity());
        try (InputStream in = h.volDownload(c, 10, 5, 0)) {
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
        }
        refused(ErrorCode.STORAGE_VOL_EXIST, "storage volume name 'copy.img' already in use.",
            () -> h.volCreateXmlFrom(b, "<volume><name>copy.img</name></volume>", v, 0));
        refused(ErrorCode.INVALID_ARG, "Can't shrink capacity below current capacity unless shrink flag explicitly specified",
            () -> h.volResize(v, 1024, 0));
        refused(ErrorCode.INVALID_ARG, "can't shrink capacity below existing allocation",
            () -> h.volResize(full, 1024, StorageVolResizeFlag.SHRINK.bit()));
        refused(ErrorCode.OPERATION_FAILED, "Not enough space left in storage pool",
            () -> h.volResize(v, 4 * MemoryStorageBackend.POOL_SIZE, StorageVolResizeFlag.ALLOCATE.bit()));
        h.volResize(v, 4096, StorageVolResizeFlag.DELTA.bit());
        assertEquals(8192, h.volInfo(v, 0).capacity());
        assertTrue(backend.calls.contains("resize disk.img 8192 0"), backend.calls.toString());
        refused(ErrorCode.INVALID_ARG, "wiping algorithm 10 not supported", () -> h.volWipe(v, 10, 0));
        h.volWipe(v, 0, 0);
        try (InputStream in = h.volDownload(v, 10, 5, 0)) {
            assertArrayEquals(new byte[5], in.readAllBytes());
        }
        assertEquals(List.of(full, v), h.listAllVolumes(a, 0));
        h.volDelete(full, 0);
        assertEquals(1, h.numOfVolumes(a));
        assertEquals(MemoryStorageBackend.POOL_SIZE, h.info(a).available(), "the deleted volume's space is free again");
        assertTrue(h.volXmlDesc(c, 0).contains("<capacity unit='bytes'>4096</capacity>"));
        assertEquals("/b/copy.img", h.volumePath("b", "copy.img"));
        refused(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching name 'gone'", () -> h.volumePath("b", "gone"));
        h.destroy(b);
        refused(ErrorCode.NO_STORAGE_POOL, "no storage pool with matching name 'b'", () -> h.volumePath("b", "copy.img"));
        StoragePoolRef kept = h.defineXml(pool("kept", "55bb2ad9-388a-cdfe-461a-b8907f6e53fe", "/k"), 0);
        refused(ErrorCode.CONFIG_UNSUPPORTED, "storage pool 'kept' containing volume 'x' is not active",
            () -> h.volumePath("kept", "x"));
        assertEquals("kept", kept.name());
    }

    @Test
    void aFailingRefreshStopsThePool() {
        StorageHost h = host(null);
        StoragePoolRef p = h.createXml(pool("t", UUID_A, "/t"), StoragePoolCreateFlag.WITH_BUILD.bit());
        backend.failRefresh = true;
        refused(ErrorCode.INTERNAL_ERROR, "refresh failed", () -> h.refresh(p, 0));
        assertNull(h.find("t"), "a transient pool that stopped is gone");
        assertFalse(backend.running.contains("t"));
        assertEquals("event 'lifecycle' for storage pool t: Stopped", observed.get(observed.size() - 1));
    }

    @Test
    void definitionsAutostartAndRunningPoolsSurviveARestart(@TempDir Path dir) {
        StoragePoolStore store = new StoragePoolStore(dir);
        StorageHost h = host(store);
        StoragePoolRef a = h.defineXml(pool("a", UUID_A, "/a"), 0);
        StoragePoolRef b = h.defineXml(pool("b", UUID_B, "/b"), 0);
        h.setAutostart(a, true);
        h.build(a, 0);
        h.build(b, 0);
        h.create(b, 0);
        h.volCreateXml(b, vol("v", 10), 0);
        // the driver restarts: b still runs on the host, a is autostarted
        StorageHost again = host(store);
        again.load();
        assertEquals(2, again.numOfDefinedStoragePools() + again.numOfStoragePools());
        assertTrue(again.autostart(a));
        assertTrue(again.isActive(b), "a pool that runs on the host is active again");
        assertEquals(1, again.numOfVolumes(b), "and refreshed");
        assertFalse(again.isActive(a));
        again.autostartAll();
        assertTrue(again.isActive(a));
        // a pool the host no longer runs is inactive after the restart
        backend.running.remove("b");
        StorageHost third = host(store);
        third.load();
        assertFalse(third.isActive(b));
        third.undefine(b);
        StorageHost fourth = host(store);
        fourth.load();
        assertEquals(List.of(a), fourth.listAllStoragePools(0));
        assertEquals(List.of(a), fourth.listAllStoragePools(Flag.bits(StoragePoolListFilter.AUTOSTART)));
        assertTrue(observed.stream().noneMatch(e -> e.contains("restore")));
        assertEquals(UUID.fromString(UUID_A), fourth.lookupByName("a").uuid());
        StoragePoolEvent sample = new StoragePoolEvent("a", UUID.fromString(UUID_A), io.jvirt.api.StoragePoolEventType.STARTED);
        assertTrue(observed.contains(sample.toString()));
    }

    /**
     * libvirt's storageVolCreateXML builds a volume with the pool unlocked: another volume of the pool
     * is made meanwhile (before this change the second create waited for the first one's job and
     * timed out), the name being built is taken, and the pool cannot be stopped while it builds.
     */
    @Test
    void aVolumeIsBuiltOutsideThePoolsJobSoThePoolServesOthersMeanwhile() throws Exception {
        java.util.concurrent.CountDownLatch building = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
        MemoryStorageBackend slow = new MemoryStorageBackend() {
            @Override
            public io.jvirt.api.storage.StorageVolDef createVolume(io.jvirt.api.storage.StoragePoolDef pool,
                                                                   io.jvirt.api.storage.StorageVolDef vol, int flags) {
                if (vol.name().equals("big.img")) {
                    building.countDown();
                    try {
                        if (!finish.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never let the build finish");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                return super.createVolume(pool, vol, flags);
            }
        };
        // a job timeout the second create would hit if the first one's build held the pool's job
        StorageHost h = new StorageHost(slow, null, "mem:///system", (uri, e) -> observed.add(e.toString()), "storage", 1000);
        StoragePoolRef a = h.createXml(pool("a", UUID_A, "/a"), StoragePoolCreateFlag.WITH_BUILD.bit());
        java.util.concurrent.ExecutorService first = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<StorageVolRef> big = first.submit(() -> h.volCreateXml(a, vol("big.img", 8192), 0));
            assertTrue(building.await(30, java.util.concurrent.TimeUnit.SECONDS), "the build started");

            StorageVolRef small = h.volCreateXml(a, vol("small.img", 512), 0);
            assertEquals(List.of(small), h.listAllVolumes(a, 0), "a volume being built is not listed yet");
            refused(ErrorCode.STORAGE_VOL_EXIST, "'big.img'", () -> h.volCreateXml(a, vol("big.img", 1), 0));
            refused(ErrorCode.OPERATION_INVALID, "pool 'a' has asynchronous jobs running.", () -> h.destroy(a));
            refused(ErrorCode.OPERATION_INVALID, "pool 'a' has asynchronous jobs running.", () -> h.refresh(a, 0));

            finish.countDown();
            StorageVolRef made = big.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(List.of("big.img", "small.img"), h.listAllVolumes(a, 0).stream().map(StorageVolRef::name).sorted().toList());
            assertEquals(MemoryStorageBackend.POOL_SIZE - 8192 - 512, h.info(a).available());
            assertEquals(made, h.volLookupByName(a, "big.img"));
            h.destroy(a); // nothing runs on the pool any more
        } finally {
            finish.countDown();
            first.shutdownNow();
        }
    }

    /** A build that fails gives its name back: the pool can be stopped and the name used again. */
    @Test
    void aFailedBuildGivesItsNameBack() {
        MemoryStorageBackend failing = new MemoryStorageBackend() {
            private boolean failed;

            @Override
            public io.jvirt.api.storage.StorageVolDef createVolume(io.jvirt.api.storage.StoragePoolDef pool,
                                                                   io.jvirt.api.storage.StorageVolDef vol, int flags) {
                if (!failed) {
                    failed = true;
                    throw new VirtException(ErrorCode.SYSTEM_ERROR, io.jvirt.api.ErrorDomain.STORAGE, "disk full");
                }
                return super.createVolume(pool, vol, flags);
            }
        };
        StorageHost h = new StorageHost(failing, null, "mem:///system", (uri, e) -> observed.add(e.toString()), "storage", 1000);
        StoragePoolRef a = h.createXml(pool("a", UUID_A, "/a"), StoragePoolCreateFlag.WITH_BUILD.bit());
        refused(ErrorCode.SYSTEM_ERROR, "disk full", () -> h.volCreateXml(a, vol("x.img", 512), 0));
        assertEquals(List.of(), h.listAllVolumes(a, 0));
        assertEquals("x.img", h.volCreateXml(a, vol("x.img", 512), 0).name());
        h.destroy(a);
    }
}
