package io.jvirt.driver.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StoragePoolEvent;
import io.jvirt.api.StoragePoolEventType;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.StoragePoolState;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.api.StorageVolType;
import io.jvirt.api.VirtException;
import io.jvirt.api.storage.StoragePoolDef;
import io.jvirt.api.storage.StoragePoolType;
import io.jvirt.api.storage.StorageVolDef;
import io.jvirt.core.kit.ObjectEventBus;
import io.jvirt.core.kit.StorageEventObservers;
import io.jvirt.core.kit.storage.PoolSources;
import io.jvirt.core.spi.StoragePoolRef;
import io.jvirt.core.spi.StorageVolRef;

/**
 * One simulated host's storage pools and their volumes, in memory, as libvirt's test driver keeps
 * them (src/test/test_driver.c, testStorage*): every pool reports 100 GiB of capacity, volumes
 * only move the pool's allocation, building and deleting a pool change nothing but send their
 * events, and the errors are the test driver's and virStoragePoolObjListAdd's, word for word.
 * Nothing touches the host. One lock guards it all: the test driver's calls are short.
 */
final class TestStorage {

    /** libvirt's defaultPoolCap: 100 GiB. */
    static final long DEFAULT_POOL_CAPACITY = 100L * 1024 * 1024 * 1024;
    /** libvirt's defaultPoolAlloc. */
    static final long DEFAULT_POOL_ALLOCATION = 0;

    /** VIR_CONNECT_LIST_STORAGE_POOLS_FILTERS_ALL. */
    private static final int LIST_FILTERS_ALL = (1 << 20) - 1;
    /** VIR_STORAGE_POOL_DEFINE_VALIDATE. */
    private static final int DEFINE_VALIDATE = 1;
    /** VIR_STORAGE_VOL_CREATE_VALIDATE. */
    private static final int VOL_CREATE_VALIDATE = 4;

    /** A pool object (virStoragePoolObj). */
    private static final class Pool {
        StoragePoolDef def;
        /** The persistent definition given while the pool ran (applied by nothing in the test driver, as in libvirt's). */
        StoragePoolDef newDef;
        boolean active;
        /** libvirt's configFile: set for persistent pools. */
        boolean persistent;
        boolean autostart;
        final List<StorageVolDef> vols = new ArrayList<>();

        StoragePoolRef ref() {
            return new StoragePoolRef(def.name(), def.uuid());
        }
    }

    private final List<Pool> pools = new ArrayList<>();
    private final ObjectEventBus<StoragePoolEvent> events;

    TestStorage(String uri, StorageEventObservers observers) {
        this.events = new ObjectEventBus<>(uri, observers);
    }

    // ---------- loading (testParseStorage, testOpenVolumesForPool) ----------

    /** A pool of the host's description: persistent and active, with the default sizes, without an event. */
    synchronized void addPool(String xml, List<String> volumeXmls) {
        Pool p = add(TestStorageXml.parsePool(xml, false), false);
        setDefaults(p);
        p.persistent = true;
        p.active = true;
        for (String volXml : volumeXmls) {
            StorageVolDef v = TestStorageXml.parseVol(p.def, volXml, false);
            String path = v.target().path() != null ? v.target().path() : p.def.targetPath() + "/" + v.name();
            v = withPathAndKey(v, path, v.key() != null ? v.key() : path);
            p.vols.add(v);
            allocate(p, v.allocation());
        }
    }

    // ---------- pools ----------

    synchronized List<StoragePoolRef> listAll(int flags) {
        Flags.check(flags, LIST_FILTERS_ALL, "testConnectListAllStoragePools");
        List<StoragePoolRef> out = new ArrayList<>();
        for (Pool p : pools) {
            if (matches(p, flags)) {
                out.add(p.ref());
            }
        }
        return out;
    }

    synchronized int numOfPools(boolean active) {
        int n = 0;
        for (Pool p : pools) {
            if (p.active == active) {
                n++;
            }
        }
        return n;
    }

    synchronized StoragePoolRef lookupByName(String name) {
        return byName(name).ref();
    }

    synchronized StoragePoolRef lookupByUuid(UUID uuid) {
        return byUuid(uuid).ref();
    }

    /** testStoragePoolLookupByVolume: the pool the volume handle names. */
    synchronized StoragePoolRef lookupByVolume(StorageVolRef vol) {
        return byName(vol.pool()).ref();
    }

    synchronized StoragePoolRef define(String xml, int flags) {
        Flags.check(flags, DEFINE_VALIDATE, "testStoragePoolDefineXML");
        StoragePoolDef def = TestStorageXml.parsePool(xml, (flags & DEFINE_VALIDATE) != 0)
            .withSizes(DEFAULT_POOL_CAPACITY, DEFAULT_POOL_ALLOCATION, DEFAULT_POOL_CAPACITY - DEFAULT_POOL_ALLOCATION);
        Pool p = add(def, false);
        StoragePoolRef ref = p.ref();
        // testStoragePoolObjSetDefaults: on the live definition too, as libvirt's test driver does
        setDefaults(p);
        p.persistent = true;
        publish(ref, StoragePoolEventType.DEFINED);
        return ref;
    }

    synchronized StoragePoolRef create(String xml, int flags) {
        Flags.check(flags, 0, "testStoragePoolCreateXML");
        Pool p = add(TestStorageXml.parsePool(xml, false), true);
        setDefaults(p);
        // a transient pool: libvirt's test driver clears the config file even of a pool it replaced
        p.persistent = false;
        p.active = true;
        StoragePoolRef ref = p.ref();
        publish(ref, StoragePoolEventType.STARTED);
        return ref;
    }

    synchronized boolean isActive(StoragePoolRef ref) {
        return byUuid(ref.uuid()).active;
    }

    synchronized boolean isPersistent(StoragePoolRef ref) {
        return byUuid(ref.uuid()).persistent;
    }

    synchronized StoragePoolInfo info(StoragePoolRef ref) {
        Pool p = byName(ref.name());
        return new StoragePoolInfo(p.active ? StoragePoolState.RUNNING : StoragePoolState.INACTIVE,
            p.def.capacity(), p.def.allocation(), p.def.available());
    }

    synchronized String xmlDesc(StoragePoolRef ref, int flags) {
        Flags.check(flags, 0, "testStoragePoolGetXMLDesc");
        return TestStorageXml.formatPool(byName(ref.name()).def);
    }

    synchronized void build(StoragePoolRef ref, int flags) {
        Flags.check(flags, 0, "testStoragePoolBuild");
        inactive(ref.name());
        publish(ref, StoragePoolEventType.CREATED);
    }

    synchronized void start(StoragePoolRef ref, int flags) {
        Flags.check(flags, 0, "testStoragePoolCreate");
        inactive(ref.name()).active = true;
        publish(ref, StoragePoolEventType.STARTED);
    }

    synchronized void destroy(StoragePoolRef ref) {
        Pool p = active(ref.name());
        p.active = false;
        publish(p.ref(), StoragePoolEventType.STOPPED);
        if (!p.persistent) {
            pools.remove(p);
        }
    }

    synchronized void delete(StoragePoolRef ref, int flags) {
        Flags.check(flags, 0, "testStoragePoolDelete");
        inactive(ref.name());
        publish(ref, StoragePoolEventType.DELETED);
    }

    synchronized void undefine(StoragePoolRef ref) {
        Pool p = inactive(ref.name());
        publish(ref, StoragePoolEventType.UNDEFINED);
        pools.remove(p);
    }

    synchronized void refresh(StoragePoolRef ref, int flags) {
        Flags.check(flags, 0, "testStoragePoolRefresh");
        active(ref.name());
        publish(ref, StoragePoolEventType.REFRESH);
    }

    synchronized boolean autostart(StoragePoolRef ref) {
        Pool p = byName(ref.name());
        return p.persistent && p.autostart;
    }

    synchronized void setAutostart(StoragePoolRef ref, boolean autostart) {
        Pool p = byName(ref.name());
        if (!p.persistent) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST, "pool has no config file");
        }
        p.autostart = autostart;
    }

    AutoCloseable subscribe(Consumer<StoragePoolEvent> sink) {
        return events.subscribe(sink);
    }

    // ---------- volumes ----------

    synchronized int numOfVolumes(StoragePoolRef ref) {
        return active(ref.name()).vols.size();
    }

    synchronized List<StorageVolRef> listAllVolumes(StoragePoolRef ref, int flags) {
        Flags.check(flags, 0, "testStoragePoolListAllVolumes");
        Pool p = byUuid(ref.uuid());
        if (!p.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST, "storage pool is not active");
        }
        List<StorageVolRef> out = new ArrayList<>();
        for (StorageVolDef v : p.vols) {
            out.add(volRef(p, v));
        }
        return out;
    }

    synchronized StorageVolRef volLookupByName(StoragePoolRef ref, String name) {
        Pool p = active(ref.name());
        return volRef(p, vol(p, name));
    }

    synchronized StorageVolRef volLookupByKey(String key) {
        for (Pool p : pools) {
            if (p.active) {
                for (StorageVolDef v : p.vols) {
                    if (Objects.equals(v.key(), key)) {
                        return volRef(p, v);
                    }
                }
            }
        }
        throw new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.TEST, "no storage vol with matching key '" + key + "'");
    }

    synchronized StorageVolRef volLookupByPath(String path) {
        for (Pool p : pools) {
            if (p.active) {
                for (StorageVolDef v : p.vols) {
                    if (Objects.equals(v.target().path(), path)) {
                        return volRef(p, v);
                    }
                }
            }
        }
        throw new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.TEST, "no storage vol with matching path '" + path + "'");
    }

    synchronized StorageVolRef volCreate(StoragePoolRef ref, String xml, int flags) {
        Flags.check(flags, VOL_CREATE_VALIDATE, "testStorageVolCreateXML");
        Pool p = active(ref.name());
        return addVol(p, TestStorageXml.parseVol(p.def, xml, (flags & VOL_CREATE_VALIDATE) != 0));
    }

    synchronized StorageVolRef volCreateFrom(StoragePoolRef ref, String xml, StorageVolRef source, int flags) {
        Flags.check(flags, VOL_CREATE_VALIDATE, "testStorageVolCreateXMLFrom");
        Pool p = active(ref.name());
        StorageVolDef v = TestStorageXml.parseVol(p.def, xml, (flags & VOL_CREATE_VALIDATE) != 0);
        if (find(p, v.name()) != null) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.TEST, "storage vol already exists");
        }
        if (find(p, source.name()) == null) {
            throw noVol(source.name());
        }
        return addVol(p, v);
    }

    synchronized void volDelete(StorageVolRef ref, int flags) {
        Flags.check(flags, 0, "testStorageVolDelete");
        Pool p = active(ref.pool());
        StorageVolDef v = vol(p, ref.name());
        allocate(p, -v.allocation());
        p.vols.remove(v);
    }

    /** testStorageVolGetInfo: the test driver has no GetInfoFlags, so any flag is libvirt's NO_SUPPORT. */
    synchronized StorageVolInfo volInfo(StorageVolRef ref, int flags) {
        if (flags != 0) {
            throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, "virStorageVolGetInfoFlags");
        }
        Pool p = active(ref.pool());
        StorageVolDef v = vol(p, ref.name());
        return new StorageVolInfo(volumeType(p.def.type()), v.capacity(), v.allocation());
    }

    synchronized String volXmlDesc(StorageVolRef ref, int flags) {
        Flags.check(flags, 0, "testStorageVolGetXMLDesc");
        Pool p = active(ref.pool());
        return TestStorageXml.formatVol(p.def, vol(p, ref.name()));
    }

    synchronized String volPath(StorageVolRef ref) {
        Pool p = active(ref.pool());
        return vol(p, ref.name()).target().path();
    }

    // ---------- libvirt's object list rules ----------

    /**
     * virStoragePoolObjListAdd: a source another pool uses is refused, a UUID must keep its name
     * and a name its UUID; a definition of an existing pool replaces its own (or, while it runs,
     * waits as its next one).
     */
    private Pool add(StoragePoolDef def, boolean checkLive) {
        for (Pool o : pools) {
            if (!o.def.name().equals(def.name()) && PoolSources.conflict(o.def, def)) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE,
                    "Storage source conflict with pool: '" + o.def.name() + "'");
            }
        }
        Pool same = null;
        for (Pool o : pools) {
            if (o.def.uuid().equals(def.uuid())) {
                same = o;
            }
        }
        if (same != null) {
            if (!same.def.name().equals(def.name())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE,
                    "pool '" + same.def.name() + "' is already defined with uuid " + same.def.uuid());
            }
            if (checkLive && same.active) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                    "pool is already active as '" + same.def.name() + "'");
            }
            if (same.active) {
                same.newDef = def;
            } else {
                same.def = def;
            }
            return same;
        }
        for (Pool o : pools) {
            if (o.def.name().equals(def.name())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE,
                    "pool '" + def.name() + "' already exists with uuid " + o.def.uuid());
            }
        }
        Pool p = new Pool();
        p.def = def;
        pools.add(p);
        return p;
    }

    /** testStoragePoolObjSetDefaults: 100 GiB, nothing allocated. */
    private static void setDefaults(Pool p) {
        p.def = p.def.withSizes(DEFAULT_POOL_CAPACITY, DEFAULT_POOL_ALLOCATION, DEFAULT_POOL_CAPACITY - DEFAULT_POOL_ALLOCATION);
    }

    private static void allocate(Pool p, long bytes) {
        long allocation = p.def.allocation() + bytes;
        p.def = p.def.withSizes(p.def.capacity(), allocation, p.def.capacity() - allocation);
    }

    /** testStorageVolCreateXML(From)'s checks and bookkeeping: a new name, room in the pool, path and key under the target. */
    private StorageVolRef addVol(Pool p, StorageVolDef v) {
        if (find(p, v.name()) != null) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.TEST, "storage vol already exists");
        }
        if (p.def.allocation() + v.allocation() > p.def.capacity()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST,
                "Not enough free space in pool for volume '" + v.name() + "'");
        }
        String path = p.def.targetPath() + "/" + v.name();
        v = withPathAndKey(v, path, path);
        p.vols.add(v);
        allocate(p, v.allocation());
        return volRef(p, v);
    }

    private static StorageVolDef withPathAndKey(StorageVolDef v, String path, String key) {
        StorageVolDef.Target t = v.target();
        StorageVolDef.Target target = new StorageVolDef.Target(path, t.format(), t.permissions(), t.timestamps(),
            t.encryption(), t.compat(), t.nocow(), t.clusterSize(), t.features());
        return v.withLive(key, v.type(), v.capacity(), v.allocation(), v.physical(), target, v.backingStore());
    }

    private static boolean matches(Pool p, int flags) {
        int activity = StoragePoolListFilter.ACTIVE.bit() | StoragePoolListFilter.INACTIVE.bit();
        if ((flags & activity) != 0 && (flags & activity) != activity
            && p.active != ((flags & StoragePoolListFilter.ACTIVE.bit()) != 0)) {
            return false;
        }
        int persistence = StoragePoolListFilter.PERSISTENT.bit() | StoragePoolListFilter.TRANSIENT.bit();
        if ((flags & persistence) != 0 && (flags & persistence) != persistence
            && p.persistent != ((flags & StoragePoolListFilter.PERSISTENT.bit()) != 0)) {
            return false;
        }
        int auto = StoragePoolListFilter.AUTOSTART.bit() | StoragePoolListFilter.NO_AUTOSTART.bit();
        boolean autostart = p.persistent && p.autostart;
        if ((flags & auto) != 0 && (flags & auto) != auto
            && autostart != ((flags & StoragePoolListFilter.AUTOSTART.bit()) != 0)) {
            return false;
        }
        int types = flags & ~(activity | persistence | auto);
        return types == 0 || (types & p.def.type().listFilter().bit()) != 0;
    }

    /** testStorageVolumeTypeForPool. */
    static StorageVolType volumeType(StoragePoolType type) {
        return switch (type) {
            case DIR, FS, NETFS, VSTORAGE -> StorageVolType.FILE;
            case SHEEPDOG, ISCSI_DIRECT, GLUSTER, RBD -> StorageVolType.NETWORK;
            default -> StorageVolType.BLOCK;
        };
    }

    private Pool byName(String name) {
        for (Pool p : pools) {
            if (p.def.name().equals(name)) {
                return p;
            }
        }
        throw new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.TEST, "no storage pool with matching name '" + name + "'");
    }

    private Pool byUuid(UUID uuid) {
        for (Pool p : pools) {
            if (p.def.uuid().equals(uuid)) {
                return p;
            }
        }
        throw new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.TEST, "no storage pool with matching uuid '" + uuid + "'");
    }

    private Pool active(String name) {
        Pool p = byName(name);
        if (!p.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST, "storage pool '" + name + "' is not active");
        }
        return p;
    }

    private Pool inactive(String name) {
        Pool p = byName(name);
        if (p.active) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST, "storage pool '" + name + "' is active");
        }
        return p;
    }

    private static StorageVolDef find(Pool p, String name) {
        for (StorageVolDef v : p.vols) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private static StorageVolDef vol(Pool p, String name) {
        StorageVolDef v = find(p, name);
        if (v == null) {
            throw noVol(name);
        }
        return v;
    }

    private static VirtException noVol(String name) {
        return new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.TEST, "no storage vol with matching name '" + name + "'");
    }

    private static StorageVolRef volRef(Pool p, StorageVolDef v) {
        return new StorageVolRef(p.def.name(), v.name(), v.key());
    }

    private void publish(StoragePoolRef ref, StoragePoolEventType type) {
        events.publish(new StoragePoolEvent(ref.name(), ref.uuid(), type));
    }
}
