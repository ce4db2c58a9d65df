package io.jvirt.core.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.DriverInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolBuildFlag;
import io.jvirt.api.StoragePoolCreateFlag;
import io.jvirt.api.StoragePoolDefineFlag;
import io.jvirt.api.StoragePoolEvent;
import io.jvirt.api.StoragePoolEventType;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.StoragePoolState;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolCreateFlag;
import io.jvirt.api.StorageVolDeleteFlag;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.api.StorageVolInfoFlag;
import io.jvirt.api.StorageVolResizeFlag;
import io.jvirt.api.StorageVolType;
import io.jvirt.api.StorageVolWipeAlgorithm;
import io.jvirt.api.StorageXmlFlag;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.ObjectEventBus;
import io.jvirt.core.kit.StorageEventObservers;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.spi.StorageDriver;
import io.jvirt.core.spi.StorageEventObserver;
import io.jvirt.core.spi.StoragePoolRef;
import io.jvirt.core.spi.StorageVolRef;

/**
 * The storage half of the API's entry-point skeleton: NO_SUPPORT defaults naming libvirt's
 * functions, routing to the connection's own driver or else to a {@link StorageDriver} that serves
 * its URI (as networks are routed), the read-only refusal before any driver call, flag bits as
 * libvirt's numbers, volume streams, and pool events to listeners and to the core's observers.
 */
class StorageEntryPointsTest {

    private static final UUID POOL = UUID.fromString("35bb2ad9-388a-cdfe-461a-b8907f6e53fe");
    private static final StorageVolRef VOL = new StorageVolRef("default-pool", "a.img", "/p/a.img");

    private final ConnectorImpl connector = new ConnectorImpl();

    @AfterEach
    void stop() {
        connector.shutdown();
    }

    /** Storage entry points that record the calls reaching them. */
    static class Recorder implements DriverConnection {
        final List<String> calls;
        final ObjectEventBus<StoragePoolEvent> bus;
        final AtomicInteger closes;
        final byte[] volume = "0123456789".getBytes(StandardCharsets.US_ASCII);

        Recorder(List<String> calls, ObjectEventBus<StoragePoolEvent> bus, AtomicInteger closes) {
            this.calls = calls;
            this.bus = bus;
            this.closes = closes;
        }

        @Override
        public String type() {
            return "STOR";
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }

        @Override
        public List<StoragePoolRef> listAllStoragePools(int flags) {
            calls.add("list " + flags);
            return List.of(new StoragePoolRef("default-pool", POOL));
        }

        @Override
        public StoragePoolRef storagePoolLookupByName(String name) {
            calls.add("lookup " + name);
            return new StoragePoolRef(name, POOL);
        }

        @Override
        public StoragePoolRef storagePoolLookupByVolume(StorageVolRef vol) {
            calls.add("pool of " + vol.name());
            return new StoragePoolRef(vol.pool(), POOL);
        }

        @Override
        public StoragePoolRef storagePoolDefineXml(String xml, int flags) {
            calls.add("define " + flags);
            return new StoragePoolRef("defined", POOL);
        }

        @Override
        public void storagePoolBuild(StoragePoolRef pool, int flags) {
            calls.add("build " + flags);
        }

        @Override
        public void storagePoolCreate(StoragePoolRef pool, int flags) {
            calls.add("create " + flags);
        }

        @Override
        public StoragePoolInfo storagePoolInfo(StoragePoolRef pool) {
            calls.add("info");
            return new StoragePoolInfo(StoragePoolState.RUNNING, 100, 40, 60);
        }

        @Override
        public String storagePoolXmlDesc(StoragePoolRef pool, int flags) {
            calls.add("xml " + flags);
            return "<pool/>";
        }

        @Override
        public List<StorageVolRef> storagePoolListAllVolumes(StoragePoolRef pool, int flags) {
            calls.add("volumes " + flags);
            return List.of(VOL);
        }

        @Override
        public StorageVolRef storageVolCreateXmlFrom(StoragePoolRef pool, String xml, StorageVolRef source, int flags) {
            calls.add("clone " + source.name() + " " + flags);
            return new StorageVolRef(pool.name(), "b.img", "/p/b.img");
        }

        @Override
        public StorageVolRef storageVolLookupByPath(String path) {
            calls.add("by path " + path);
            return VOL;
        }

        @Override
        public void storageVolWipe(StorageVolRef vol, int algorithm, int flags) {
            calls.add("wipe " + algorithm);
        }

        @Override
        public void storageVolResize(StorageVolRef vol, long capacity, int flags) {
            calls.add("resize " + capacity + " " + flags);
        }

        @Override
        public void storageVolDelete(StorageVolRef vol, int flags) {
            calls.add("delete " + flags);
        }

        @Override
        public StorageVolInfo storageVolInfo(StorageVolRef vol, int flags) {
            calls.add("vol info " + flags);
            return new StorageVolInfo(StorageVolType.FILE, 10, 10);
        }

        @Override
        public InputStream storageVolDownload(StorageVolRef vol, long offset, long length, int flags) {
            calls.add("download " + offset + " " + length);
            int end = length == 0 ? volume.length : (int) (offset + length);
            return new ByteArrayInputStream(volume, (int) offset, end - (int) offset);
        }

        @Override
        public OutputStream storageVolUpload(StorageVolRef vol, long offset, long length, int flags) {
            calls.add("upload " + offset + " " + length);
            return new ByteArrayOutputStream() {
                @Override
                public void close() {
                    calls.add("uploaded " + toString(StandardCharsets.US_ASCII));
                }
            };
        }

        @Override
        public AutoCloseable subscribeStoragePoolEvents(Consumer<StoragePoolEvent> sink) {
            return bus.subscribe(sink);
        }
    }

    /** A hypervisor driver whose connections have storage of their own (as the test driver's). */
    static final class StoringDriver implements HypervisorDriver {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final StorageEventObservers observers = new StorageEventObservers();
        final ObjectEventBus<StoragePoolEvent> bus = new ObjectEventBus<>("stor:///host", observers);
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public String name() {
            return "stor";
        }

        @Override
        public DriverConnection open(ConnectRequest request) {
            return new Recorder(calls, bus, closes);
        }

        @Override
        public AutoCloseable observeStoragePoolEvents(StorageEventObserver observer) {
            return observers.add(observer);
        }
    }

    /** A storage driver serving the URIs of scheme {@code scheme}, as driver-storage serves qemu:///system. */
    static final class PoolDriver implements StorageDriver {
        final String scheme;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final StorageEventObservers observers = new StorageEventObservers();
        final ObjectEventBus<StoragePoolEvent> bus = new ObjectEventBus<>("fake:///", observers);
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        PoolDriver(String scheme) {
            this.scheme = scheme;
        }

        @Override
        public String name() {
            return "storage";
        }

        @Override
        public boolean serves(URI uri) {
            return scheme.equals(uri.getScheme());
        }

        @Override
        public DriverConnection openStorage(ConnectRequest request) {
            opens.incrementAndGet();
            return new Recorder(calls, bus, closes);
        }

        @Override
        public AutoCloseable observeStoragePoolEvents(StorageEventObserver observer) {
            return observers.add(observer);
        }
    }

    private StoringDriver storingDriver() {
        StoringDriver d = new StoringDriver();
        connector.addDriver(d, new DriverInfo("stor", List.of("stor"), true, -1, "", ""));
        return d;
    }

    @Test
    void aDriverWithoutStorageAnswersNoSupportNamingLibvirtsFunction() {
        FakeDriver d = FakeDriver.accepting("fake");
        connector.addDriver(d, d.info());
        Connection c = connector.open("fake:///");
        VirtException e = assertThrows(VirtException.class, () -> c.listAllStoragePools());
        assertEquals(ErrorCode.NO_SUPPORT, e.code());
        assertEquals("this function is not supported by the connection driver: virConnectListAllStoragePools", e.getMessage());
        e = assertThrows(VirtException.class, () -> c.lookupStoragePoolByName("default"));
        assertEquals("this function is not supported by the connection driver: virStoragePoolLookupByName", e.getMessage());
        e = assertThrows(VirtException.class, () -> c.lookupStorageVolByKey("/k"));
        assertEquals("this function is not supported by the connection driver: virStorageVolLookupByKey", e.getMessage());
        e = assertThrows(VirtException.class, () -> c.addStoragePoolEventListener((conn, p, ev) -> { }));
        assertEquals("this function is not supported by the connection driver: virConnectStoragePoolEventRegisterAny",
            e.getMessage());
    }

    @Test
    void everyStorageEntryPointNamesItsFunctionForTheSupportMatrix() {
        List<String> all = DriverFunctions.all();
        for (String f : List.of("virConnectListAllStoragePools", "virConnectNumOfStoragePools",
            "virConnectNumOfDefinedStoragePools", "virStoragePoolLookupByName", "virStoragePoolLookupByUUID",
            "virStoragePoolLookupByVolume", "virStoragePoolLookupByTargetPath", "virStoragePoolDefineXML",
            "virStoragePoolCreateXML", "virConnectFindStoragePoolSources", "virConnectGetStoragePoolCapabilities",
            "virConnectStoragePoolEventRegisterAny", "virStoragePoolIsActive", "virStoragePoolIsPersistent",
            "virStoragePoolGetInfo", "virStoragePoolGetXMLDesc", "virStoragePoolBuild", "virStoragePoolCreate",
            "virStoragePoolDestroy", "virStoragePoolDelete", "virStoragePoolUndefine", "virStoragePoolRefresh",
            "virStoragePoolGetAutostart", "virStoragePoolSetAutostart", "virStoragePoolNumOfVolumes",
            "virStoragePoolListAllVolumes", "virStorageVolLookupByName", "virStorageVolLookupByKey",
            "virStorageVolLookupByPath", "virStorageVolCreateXML", "virStorageVolCreateXMLFrom", "virStorageVolDelete",
            "virStorageVolWipePattern", "virStorageVolResize", "virStorageVolGetInfoFlags", "virStorageVolGetXMLDesc",
            "virStorageVolGetPath", "virStorageVolDownload", "virStorageVolUpload")) {
            assertTrue(all.contains(f), f + " in " + all);
        }
    }

    @Test
    void callsReachTheOwnDriverWithLibvirtsFlagBits() throws Exception {
        StoringDriver d = storingDriver();
        Connection c = connector.open("stor:///");
        List<StoragePool> pools = c.listAllStoragePools(StoragePoolListFilter.ACTIVE, StoragePoolListFilter.DIR);
        StoragePool p = pools.get(0);
        assertEquals("default-pool", p.name());
        assertEquals(POOL.toString(), p.uuidString());
        assertEquals(c, p.connection());
        assertEquals("<pool/>", p.xmlDesc(StorageXmlFlag.INACTIVE));
        assertEquals(new StoragePoolInfo(StoragePoolState.RUNNING, 100, 40, 60), p.info());
        p.build(StoragePoolBuildFlag.NO_OVERWRITE);
        p.create(StoragePoolCreateFlag.WITH_BUILD);
        assertEquals("defined", c.defineStoragePoolXml("<pool/>", StoragePoolDefineFlag.VALIDATE).name());
        StorageVol v = p.listAllVolumes().get(0);
        assertEquals("a.img", v.name());
        assertEquals("/p/a.img", v.key());
        assertEquals("default-pool", v.poolName());
        assertEquals("default-pool", v.pool().name());
        StorageVol clone = p.createVolumeXmlFrom("<volume/>", v, StorageVolCreateFlag.PREALLOC_METADATA);
        assertEquals("b.img", clone.name());
        v.wipe();
        v.wipe(StorageVolWipeAlgorithm.DOD);
        v.resize(4096, StorageVolResizeFlag.DELTA, StorageVolResizeFlag.SHRINK);
        assertEquals(new StorageVolInfo(StorageVolType.FILE, 10, 10), v.info(StorageVolInfoFlag.GET_PHYSICAL));
        v.delete(StorageVolDeleteFlag.ZEROED);
        assertEquals(v, c.lookupStorageVolByPath("/p/a.img"));
        assertEquals(List.of("list 66", "xml 1", "info", "build 4", "create 1", "define 1", "volumes 0", "pool of a.img",
            "clone a.img 1", "wipe 0", "wipe 2", "resize 4096 6", "vol info 1", "delete 1", "by path /p/a.img"), d.calls);
    }

    @Test
    void volumeStreamsAreTheDriversAndNegativeRangesAreRefusedBeforeIt() throws Exception {
        StoringDriver d = storingDriver();
        Connection c = connector.open("stor:///");
        StorageVol v = c.lookupStorageVolByPath("/p/a.img");
        try (InputStream in = v.download(2, 3)) {
            assertArrayEquals("234".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
        }
        try (OutputStream out = v.upload(0, 0)) {
            out.write("xyz".getBytes(StandardCharsets.US_ASCII));
        }
        VirtException e = assertThrows(VirtException.class, () -> v.download(-1, 0));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        e = assertThrows(VirtException.class, () -> v.upload(0, -5));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        assertEquals(List.of("by path /p/a.img", "download 2 3", "upload 0 0", "uploaded xyz"), d.calls);
    }

    @Test
    void aVolumeOfAnotherConnectionIsRefused() {
        storingDriver();
        Connection a = connector.open("stor:///");
        Connection b = connector.open("stor:///");
        StorageVol foreign = b.lookupStorageVolByPath("/p/a.img");
        StoragePool pool = a.lookupStoragePoolByName("default-pool");
        VirtException e = assertThrows(VirtException.class, () -> pool.createVolumeXmlFrom("<volume/>", foreign));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        e = assertThrows(VirtException.class, () -> a.lookupStoragePoolByVolume(foreign));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
    }

    @Test
    void aReadOnlyConnectionReadsButChangesNothingAndTheDriverIsNotAsked() {
        StoringDriver d = storingDriver();
        Connection c = connector.openReadOnly("stor:///");
        StoragePool p = c.lookupStoragePoolByName("default-pool");
        assertEquals("<pool/>", p.xmlDesc());
        StorageVol v = p.listAllVolumes().get(0);
        assertEquals(10, v.info().capacity());
        assertDenied("virStoragePoolBuild", () -> p.build());
        assertDenied("virStoragePoolCreate", () -> p.create());
        assertDenied("virStoragePoolDestroy", p::destroy);
        assertDenied("virStoragePoolDelete", () -> p.delete());
        assertDenied("virStoragePoolUndefine", p::undefine);
        assertDenied("virStoragePoolRefresh", p::refresh);
        assertDenied("virStoragePoolSetAutostart", () -> p.setAutostart(true));
        assertDenied("virStoragePoolDefineXML", () -> c.defineStoragePoolXml("<pool/>"));
        assertDenied("virStoragePoolCreateXML", () -> c.createStoragePoolXml("<pool/>"));
        assertDenied("virConnectFindStoragePoolSources", () -> c.findStoragePoolSources("logical", null));
        assertDenied("virStorageVolCreateXML", () -> p.createVolumeXml("<volume/>"));
        assertDenied("virStorageVolCreateXMLFrom", () -> p.createVolumeXmlFrom("<volume/>", v));
        assertDenied("virStorageVolDelete", () -> v.delete());
        assertDenied("virStorageVolWipe", v::wipe);
        assertDenied("virStorageVolWipePattern", () -> v.wipe(StorageVolWipeAlgorithm.RANDOM));
        assertDenied("virStorageVolResize", () -> v.resize(1));
        assertDenied("virStorageVolUpload", () -> v.upload(0, 0));
        // libvirt refuses downloads on read-only connections too
        assertDenied("virStorageVolDownload", () -> v.download(0, 0));
        assertEquals(List.of("lookup default-pool", "xml 0", "volumes 0", "vol info 0"), d.calls);
    }

    private static void assertDenied(String function, org.junit.jupiter.api.function.Executable call) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
        assertEquals("operation forbidden: read only access prevents " + function, e.getMessage());
    }

    @Test
    void aConnectionWithoutStorageOfItsOwnGetsTheStorageDriverServingItsUri() {
        FakeDriver fake = FakeDriver.accepting("fake");
        connector.addDriver(fake, fake.info());
        PoolDriver other = new PoolDriver("elsewhere");
        PoolDriver serving = new PoolDriver("fake");
        connector.addStorageDriver(other);
        connector.addStorageDriver(serving);
        Connection c = connector.open("fake:///");
        assertEquals("default-pool", c.listAllStoragePools().get(0).name());
        assertEquals(List.of("list 0"), serving.calls);
        assertEquals(List.of(), other.calls);
        assertEquals(0, other.opens.get(), "a storage driver that does not serve the URI is not asked to open");
        c.close();
        assertEquals(1, serving.closes.get(), "the storage half is closed with the connection");
        connector.removeStorageDriver(serving);
        Connection later = connector.open("fake:///");
        VirtException e = assertThrows(VirtException.class, later::listAllStoragePools);
        assertEquals(ErrorCode.NO_SUPPORT, e.code(), "no storage driver serves the URI any more");
    }

    @Test
    void aDriverWithStorageOfItsOwnIsNotRoutedToTheStorageDriver() {
        StoringDriver own = storingDriver();
        PoolDriver serving = new PoolDriver("stor");
        connector.addStorageDriver(serving);
        Connection c = connector.open("stor:///");
        c.listAllStoragePools();
        assertEquals(List.of("list 0"), own.calls);
        assertEquals(0, serving.opens.get());
        c.close();
        assertEquals(1, own.closes.get(), "the driver's connection is closed once");
    }

    @Test
    void lifecycleAndRefreshListenersGetTheirEventsAndTheCoresObserversAll() throws Exception {
        StoringDriver d = storingDriver();
        PoolDriver serving = new PoolDriver("fake");
        connector.addStorageDriver(serving);
        BlockingQueue<String> observed = new LinkedBlockingQueue<>();
        AutoCloseable hook = connector.addStorageEventObserver((uri, e) -> observed.add(uri + " " + e));
        Connection c = connector.open("stor:///");
        BlockingQueue<String> lifecycle = new LinkedBlockingQueue<>();
        BlockingQueue<String> refresh = new LinkedBlockingQueue<>();
        BlockingQueue<String> one = new LinkedBlockingQueue<>();
        c.addStoragePoolEventListener((conn, pool, e) -> lifecycle.add(pool.name() + " " + e.type()));
        c.addStoragePoolRefreshListener((conn, pool) -> refresh.add(pool.name()));
        UUID otherUuid = UUID.randomUUID();
        StoragePool other = new StoragePoolImpl((ConnectionImpl) c, new StoragePoolRef("other", otherUuid));
        try (var r = c.addStoragePoolEventListener(other, (conn, pool, e) -> one.add(pool.name() + " " + e.type()))) {
            d.bus.publish(new StoragePoolEvent("default-pool", POOL, StoragePoolEventType.STARTED));
            d.bus.publish(new StoragePoolEvent("default-pool", POOL, StoragePoolEventType.REFRESH));
            d.bus.publish(new StoragePoolEvent("other", otherUuid, StoragePoolEventType.DELETED));
            assertEquals("default-pool STARTED", lifecycle.poll(10, TimeUnit.SECONDS));
            assertEquals("other DELETED", lifecycle.poll(10, TimeUnit.SECONDS), "the refresh is not a lifecycle event");
            assertEquals("default-pool", refresh.poll(10, TimeUnit.SECONDS));
            assertEquals("other DELETED", one.poll(10, TimeUnit.SECONDS));
        }
        assertEquals("stor:///host event 'lifecycle' for storage pool default-pool: Started", observed.poll(10, TimeUnit.SECONDS));
        assertEquals("stor:///host event 'refresh' for storage pool default-pool", observed.poll(10, TimeUnit.SECONDS));
        assertEquals("stor:///host event 'lifecycle' for storage pool other: Deleted", observed.poll(10, TimeUnit.SECONDS));
        serving.bus.publish(new StoragePoolEvent("p", POOL, StoragePoolEventType.DEFINED));
        assertEquals("fake:/// event 'lifecycle' for storage pool p: Defined", observed.poll(10, TimeUnit.SECONDS),
            "a storage driver's events reach the core's observers too");
        assertTrue(one.isEmpty() && refresh.isEmpty());
        hook.close();
        c.close();
        assertEquals(0, d.bus.subscriberCount(), "closing the connection ends its subscription");
        connector.removeDriver(d);
        connector.removeStorageDriver(serving);
        assertEquals(0, d.observers.size(), "the core's observation ends with the driver");
        assertEquals(0, serving.observers.size(), "and with the storage driver");
        assertFalse(c.isAlive());
    }
}
