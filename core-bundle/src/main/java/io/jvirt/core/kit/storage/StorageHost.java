package io.jvirt.core.kit.storage;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.SparseInput;
import io.jvirt.api.SparseOutput;
import io.jvirt.api.StoragePoolBuildFlag;
import io.jvirt.api.StoragePoolCreateFlag;
import io.jvirt.api.StoragePoolDefineFlag;
import io.jvirt.api.StoragePoolEvent;
import io.jvirt.api.StoragePoolEventType;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.StoragePoolState;
import io.jvirt.api.StorageVolCreateFlag;
import io.jvirt.api.StorageVolDeleteFlag;
import io.jvirt.api.StorageVolDownloadFlag;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.api.StorageVolInfoFlag;
import io.jvirt.api.StorageVolResizeFlag;
import io.jvirt.api.StorageVolUploadFlag;
import io.jvirt.api.StorageVolWipeAlgorithm;
import io.jvirt.api.StorageXmlFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.storage.StoragePoolDef;
import io.jvirt.api.storage.StoragePoolXml;
import io.jvirt.api.storage.StorageVolDef;
import io.jvirt.api.storage.StorageVolXml;
import io.jvirt.core.kit.ObjectEventBus;
import io.jvirt.core.kit.ObjectRegistry;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.StoragePoolRef;
import io.jvirt.core.spi.StorageVolRef;

/**
 * libvirt's storage pool and volume semantics, written once for every driver with storage
 * (src/conf/virstorageobj.c and src/storage/storage_driver.c): define (a new persistent pool, or
 * the next definition of an active one), create (transient and started), build, start (with
 * build), destroy (a transient pool goes away), delete, undefine (only an inactive pool), refresh
 * (a failing refresh stops the pool), autostart, info, XML with INACTIVE, the listing filters and
 * lifecycle and refresh events; volumes created, cloned (within or across pools), deleted, wiped,
 * resized (DELTA, SHRINK, ALLOCATE with libvirt's limits), looked up by name, key and path, read and
 * written through streams (a volume with an open stream is "in use"). Each with libvirt's error
 * codes and words. What the operations do on the host is the {@link StorageBackend}'s; one job per
 * pool at a time ({@link ObjectRegistry#job}).
 *
 * @since 1.0.0
 */
public class StorageHost {

    private static final Logger LOG = LoggerFactory.getLogger(StorageHost.class);
    private static final int CREATE_BUILD_FLAGS = StoragePoolCreateFlag.WITH_BUILD.bit()
        | StoragePoolCreateFlag.WITH_BUILD_OVERWRITE.bit() | StoragePoolCreateFlag.WITH_BUILD_NO_OVERWRITE.bit();

    private final ObjectRegistry<StoragePoolObject> pools;
    private final ObjectEventBus<StoragePoolEvent> events;
    private final StorageBackend backend;
    private final StoragePoolStore store;
    /** The prefix of the driver's function names in flag errors ("storage", "test"). */
    private final String functionPrefix;

    /**
     * @param store          where persistent definitions go; null keeps everything in memory (the test driver)
     * @param uri            the host's URI (for the event observer)
     * @param observer       sees every event with the URI (the core's EventAdmin bridge), or null
     * @param functionPrefix "storage" for libvirt's storage driver ("storagePoolCreate"), "test" for its test driver
     */
    public StorageHost(StorageBackend backend, StoragePoolStore store, String uri,
                       BiConsumer<String, StoragePoolEvent> observer, String functionPrefix, long jobTimeoutMillis) {
        this.backend = backend;
        this.store = store;
        this.events = new ObjectEventBus<>(uri, observer);
        this.pools = new ObjectRegistry<>(ObjectRegistry.Kind.STORAGE_POOL, jobTimeoutMillis);
        this.functionPrefix = functionPrefix;
    }

    // ---------- loading what was kept, autostart ----------

    /**
     * Loads the persistent definitions and the pools that ran from the store (libvirt's
     * storageStateInitialize): a pool that ran and that the backend still sees running is active
     * again and refreshed; the others are inactive. No event: nothing changed.
     */
    public void load() {
        if (store == null) {
            return;
        }
        Map<String, String> running = store.running();
        for (Map.Entry<String, String> e : store.configs().entrySet()) {
            StoragePoolDef def = StoragePoolXml.parse(e.getValue());
            String liveXml = running.remove(def.name());
            restore(def, liveXml == null ? null : StoragePoolXml.parse(liveXml), store.isAutostart(def.name()));
        }
        for (String liveXml : running.values()) {
            restore(null, StoragePoolXml.parse(liveXml), false);
        }
    }

    /**
     * Registers a pool as it was before the driver (re)started: its persistent definition (null for
     * a transient one), its live definition when it ran (kept active only when the backend still sees
     * it running, then refreshed), and its autostart mark.
     */
    public void restore(StoragePoolDef persistentDef, StoragePoolDef liveDef, boolean autostart) {
        StoragePoolDef any = liveDef != null ? liveDef : persistentDef;
        StoragePoolObject o = pools.placeObject(any.name(), any.uuid(), () -> new StoragePoolObject(any.uuid(), any)).object();
        o.persistent(persistentDef != null);
        o.autostart(persistentDef != null && autostart);
        boolean running = liveDef != null && backend.isRunning(liveDef);
        if (running) {
            o.def(liveDef);
            if (persistentDef != null && !persistentDef.equals(liveDef)) {
                o.nextDef(persistentDef);
            }
            o.active(true);
            try {
                pools.run(o, "storage pool restore", this::refreshContents);
            } catch (VirtException e) {
                LOG.warn("cannot refresh storage pool '{}' after restart: {}", o.name(), e.getMessage());
                pools.run(o, "storage pool restore", p -> stopLocked(p, false));
            }
        } else {
            if (liveDef != null && store != null) {
                store.deleteRunning(liveDef.name());
            }
            if (persistentDef == null) {
                pools.remove(o);
            } else {
                o.def(persistentDef);
            }
        }
    }

    /** Starts every persistent pool marked autostart that is not running; failures are logged, as libvirt's. */
    public void autostartAll() {
        for (StoragePoolObject o : sorted()) {
            if (!o.isAutostart() || o.isActive()) {
                continue;
            }
            try {
                pools.run(o, "storage pool autostart", p -> startLocked(p, 0));
            } catch (VirtException e) {
                LOG.warn("Failed to autostart storage pool '{}': {}", o.name(), e.getMessage());
            }
        }
    }

    /** Stops every active pool (the driver is going away); their storage stays. */
    public void stopAll() {
        for (StoragePoolObject o : sorted()) {
            if (o.isActive()) {
                try {
                    pools.run(o, "storage pool shutdown", p -> {
                        backend.stopPool(p.def());
                        p.active(false);
                        p.volumes(List.of());
                    });
                } catch (VirtException e) {
                    LOG.warn("cannot stop storage pool '{}': {}", o.name(), e.getMessage());
                }
            }
        }
    }

    // ---------- pools ----------

    public List<StoragePoolRef> listAllStoragePools(int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "ConnectListAllStoragePools",
            StoragePoolListFilter.values());
        List<StoragePoolRef> out = new ArrayList<>();
        for (StoragePoolObject o : sorted()) {
            if (matches(o, flags)) {
                out.add(ref(o));
            }
        }
        return out;
    }

    public int numOfStoragePools() {
        return (int) pools.objects().stream().filter(StoragePoolObject::isActive).count();
    }

    public int numOfDefinedStoragePools() {
        return (int) pools.objects().stream().filter(o -> !o.isActive()).count();
    }

    public StoragePoolRef lookupByName(String name) {
        return ref(pools.getByName(name));
    }

    public StoragePoolRef lookupByUuid(UUID uuid) {
        return ref(pools.getByUuid(uuid));
    }

    public StoragePoolRef lookupByVolume(StorageVolRef vol) {
        return ref(pools.getByName(vol.pool()));
    }

    /** virStoragePoolLookupByTargetPath: an active pool whose (sanitized) target path is {@code path}. */
    public StoragePoolRef lookupByTargetPath(String path) {
        String clean = sanitize(path);
        for (StoragePoolObject o : sorted()) {
            if (o.isActive() && clean.equals(o.def().targetPath())) {
                return ref(o);
            }
        }
        throw new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE,
            "no storage pool with matching target path '" + path + "'");
    }

    /** virStoragePoolDefineXML: a new persistent pool, or the next definition of an existing one. */
    public StoragePoolRef defineXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "PoolDefineXML", StoragePoolDefineFlag.values());
        StoragePoolDef def = prepare(StoragePoolXml.parse(xml), false);
        return pools.placeObjectInJob(def.name(), def.uuid(), () -> new StoragePoolObject(def.uuid(), def),
            "virStoragePoolDefineXML", (o, added) -> {
                if (store != null) {
                    store.saveConfig(def);
                }
                if (o.isActive()) {
                    o.nextDef(def);
                } else {
                    o.def(def);
                }
                o.persistent(true);
                publish(o, StoragePoolEventType.DEFINED);
                return ref(o);
            });
    }

    /** virStoragePoolCreateXML: a transient pool, built when asked and started. */
    public StoragePoolRef createXml(String xml, int flags) {
        checkCreateFlags(flags, "PoolCreateXML");
        StoragePoolDef def = prepare(StoragePoolXml.parse(xml), true);
        return pools.placeObjectInJob(def.name(), def.uuid(), () -> new StoragePoolObject(def.uuid(), def),
            "virStoragePoolCreateXML", (o, added) -> {
                if (!added) {
                    // a persistent pool of that name and UUID, inactive: this definition runs once
                    o.nextDef(o.def());
                    o.def(def);
                }
                try {
                    startLocked(o, flags);
                } catch (RuntimeException e) {
                    if (!added) {
                        o.def(o.nextDef());
                        o.nextDef(null);
                    }
                    throw e;
                }
                return ref(o);
            });
    }

    public AutoCloseable subscribeEvents(Consumer<StoragePoolEvent> sink) {
        return events.subscribe(sink);
    }

    public boolean isActive(StoragePoolRef pool) {
        return find(pool).isActive();
    }

    public boolean isPersistent(StoragePoolRef pool) {
        return find(pool).isPersistent();
    }

    public StoragePoolInfo info(StoragePoolRef pool) {
        StoragePoolObject o = find(pool);
        StoragePoolDef d = o.def();
        return new StoragePoolInfo(o.isActive() ? StoragePoolState.RUNNING : StoragePoolState.INACTIVE,
            d.capacity(), d.allocation(), d.available());
    }

    public String xmlDesc(StoragePoolRef pool, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "PoolGetXMLDesc", StorageXmlFlag.values());
        StoragePoolObject o = find(pool);
        return StoragePoolXml.format((flags & StorageXmlFlag.INACTIVE.bit()) != 0 ? o.persistentDef() : o.def());
    }

    /** virStoragePoolBuild: for an inactive pool. */
    public void build(StoragePoolRef pool, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "PoolBuild", StoragePoolBuildFlag.values());
        exclusive(flags, StoragePoolBuildFlag.OVERWRITE.bit(), StoragePoolBuildFlag.NO_OVERWRITE.bit(),
            "VIR_STORAGE_POOL_BUILD_OVERWRITE", "VIR_STORAGE_POOL_BUILD_NO_OVERWRITE");
        pools.run(find(pool), "virStoragePoolBuild", o -> {
            if (o.isActive()) {
                throw alreadyActive(o);
            }
            backend.buildPool(o.def(), flags);
            publish(o, StoragePoolEventType.CREATED);
        });
    }

    /** virStoragePoolCreate: starts a defined pool, building it first when a WITH_BUILD flag says so. */
    public void create(StoragePoolRef pool, int flags) {
        checkCreateFlags(flags, "PoolCreate");
        pools.run(find(pool), "virStoragePoolCreate", o -> startLocked(o, flags));
    }

    public void destroy(StoragePoolRef pool) {
        pools.run(find(pool), "virStoragePoolDestroy", o -> {
            if (!o.isActive()) {
                throw notActive(o);
            }
            requireNoStreams(o);
            stopLocked(o, true);
        });
    }

    /** virStoragePoolDelete: removes an inactive pool's storage. */
    public void delete(StoragePoolRef pool, int flags) {
        pools.run(find(pool), "virStoragePoolDelete", o -> {
            if (o.isActive()) {
                throw stillActive(o);
            }
            backend.deletePool(o.def(), flags);
            publish(o, StoragePoolEventType.DELETED);
        });
    }

    /** virStoragePoolUndefine: only an inactive pool (libvirt's storage driver refuses an active one). */
    public void undefine(StoragePoolRef pool) {
        pools.run(find(pool), "virStoragePoolUndefine", o -> {
            if (o.isActive()) {
                throw stillActive(o);
            }
            if (store != null) {
                store.deleteConfig(o.name());
            }
            o.persistent(false);
            o.autostart(false);
            publish(o, StoragePoolEventType.UNDEFINED);
            pools.remove(o);
        });
    }

    /** virStoragePoolRefresh: a refresh that fails stops the pool. */
    public void refresh(StoragePoolRef pool, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.STORAGE, functionPrefix + "PoolRefresh");
        pools.run(find(pool), "virStoragePoolRefresh", o -> {
            if (!o.isActive()) {
                throw notActive(o);
            }
            requireNoStreams(o);
            try {
                refreshContents(o);
            } catch (RuntimeException e) {
                stopLocked(o, true);
                throw e;
            }
            publish(o, StoragePoolEventType.REFRESH);
        });
    }

    public boolean autostart(StoragePoolRef pool) {
        return find(pool).isAutostart();
    }

    public void setAutostart(StoragePoolRef pool, boolean autostart) {
        pools.run(find(pool), "virStoragePoolSetAutostart", o -> {
            if (!o.isPersistent()) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.STORAGE, "pool has no config file");
            }
            if (o.isAutostart() != autostart) {
                if (store != null) {
                    store.saveAutostart(o.name(), autostart);
                }
                o.autostart(autostart);
            }
        });
    }

    public int numOfVolumes(StoragePoolRef pool) {
        return activePool(pool).volumes().size();
    }

    public List<StorageVolRef> listAllVolumes(StoragePoolRef pool, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.STORAGE, functionPrefix + "PoolListAllVolumes");
        StoragePoolObject o = activePool(pool);
        List<StorageVolRef> out = new ArrayList<>();
        for (StorageVolDef v : o.volumes()) {
            out.add(ref(o, v));
        }
        return out;
    }

    // ---------- volumes ----------

    public StorageVolRef volLookupByName(StoragePoolRef pool, String name) {
        StoragePoolObject o = activePool(pool);
        return ref(o, volume(o, name));
    }

    /** virStorageVolLookupByKey: over the active pools. */
    public StorageVolRef volLookupByKey(String key) {
        for (StoragePoolObject o : sorted()) {
            if (o.isActive()) {
                for (StorageVolDef v : o.volumes()) {
                    if (key.equals(v.key())) {
                        return ref(o, v);
                    }
                }
            }
        }
        throw new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.STORAGE, "no storage vol with matching key " + key);
    }

    /** virStorageVolLookupByPath: over the active pools, by the (sanitized) path. */
    public StorageVolRef volLookupByPath(String path) {
        String clean = sanitize(path);
        for (StoragePoolObject o : sorted()) {
            if (o.isActive()) {
                for (StorageVolDef v : o.volumes()) {
                    if (clean.equals(v.target().path())) {
                        return ref(o, v);
                    }
                }
            }
        }
        throw new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.STORAGE,
            "no storage vol with matching path '" + path + "'");
    }

    /**
     * virStorageVolCreateXML. As libvirt's storageVolCreateXML, the volume is built outside the pool's
     * job (a large allocation or a copy takes long, and other calls on the pool go on meanwhile): its
     * name is taken under the job, the backend builds it, and it joins the pool under the job again.
     */
    public StorageVolRef volCreateXml(StoragePoolRef pool, String xml, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "VolCreateXML", StorageVolCreateFlag.values());
        StoragePoolObject target = find(pool);
        StorageVolDef def = pools.job(target, "virStorageVolCreateXML", o -> {
            requireActive(o);
            StorageVolDef d = StorageVolXml.parse(o.def().type(), xml, StorageVolXml.ParseOption.OPT_CAPACITY);
            if (o.volume(d.name()) != null || !o.startBuilding(d.name())) {
                throw new VirtException(ErrorCode.STORAGE_VOL_EXIST, ErrorDomain.STORAGE, "'" + d.name() + "'");
            }
            return d;
        });
        return built(target, def.name(), "virStorageVolCreateXML", () -> backend.createVolume(target.def(), def, flags));
    }

    /**
     * virStorageVolCreateXMLFrom: a copy of {@code source} (this pool's or another's), sized as the
     * source unless larger, built outside the pool's job as {@link #volCreateXml}; the source is in
     * use (cannot be deleted, wiped or resized) while it is copied.
     */
    public StorageVolRef volCreateXmlFrom(StoragePoolRef pool, String xml, StorageVolRef source, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "VolCreateXMLFrom", StorageVolCreateFlag.values());
        StoragePoolObject sourcePool = pools.findByName(source.pool());
        if (sourcePool == null) {
            throw new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE,
                "no storage pool with matching name '" + source.pool() + "'");
        }
        StoragePoolObject target = find(pool);
        StorageVolDef[] planned = new StorageVolDef[2]; // the new volume, the source
        pools.run(target, "virStorageVolCreateXMLFrom", o -> {
            requireActive(o);
            if (!sourcePool.isActive()) {
                throw notActive(sourcePool);
            }
            StorageVolDef orig = volume(sourcePool, source.name());
            StorageVolDef def = StorageVolXml.parse(o.def().type(), xml, StorageVolXml.ParseOption.NO_CAPACITY);
            if (o.volume(def.name()) != null || o.isBuilding(def.name())) {
                throw new VirtException(ErrorCode.STORAGE_VOL_EXIST, ErrorDomain.STORAGE,
                    "storage volume name '" + def.name() + "' already in use.");
            }
            if (def.capacity() < orig.capacity()) {
                // a clone is at least as large as its source
                def = new StorageVolDef(def.name(), def.key(), def.type(), orig.capacity(),
                    def.hasAllocation() ? def.allocation() : orig.capacity(), def.hasAllocation(), 0, def.extents(),
                    def.target(), def.backingStore());
            }
            o.startBuilding(def.name());
            sourcePool.use(orig.name());
            planned[0] = def;
            planned[1] = orig;
        });
        try {
            return built(target, planned[0].name(), "virStorageVolCreateXMLFrom",
                () -> backend.cloneVolume(target.def(), planned[0], sourcePool.def(), planned[1], flags));
        } finally {
            sourcePool.release(planned[1].name());
        }
    }

    /**
     * Builds a volume whose name {@code o} holds for it ({@link StoragePoolObject#startBuilding}),
     * outside the pool's job, then adds it under the job; the name is given back either way, and a
     * volume made but not added (the job could not be had) is removed again.
     */
    private StorageVolRef built(StoragePoolObject o, String name, String what, java.util.function.Supplier<StorageVolDef> build) {
        try {
            StorageVolDef made = build.get();
            try {
                return pools.job(o, what, p -> added(p, made));
            } catch (RuntimeException e) {
                try {
                    backend.deleteVolume(o.def(), made, 0);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        } finally {
            o.endBuilding(name);
        }
    }

    public void volDelete(StorageVolRef vol, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "VolDelete", StorageVolDeleteFlag.values());
        pools.run(poolOf(vol), "virStorageVolDelete", o -> {
            StorageVolDef v = usableVolume(o, vol);
            backend.deleteVolume(o.def(), v, flags);
            List<StorageVolDef> rest = new ArrayList<>(o.volumes());
            rest.remove(v);
            o.volumes(rest);
            StoragePoolDef d = o.def();
            o.def(d.withSizes(d.capacity(), d.allocation() - v.allocation(), d.available() + v.allocation()));
        });
    }

    public void volWipe(StorageVolRef vol, int algorithm, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.STORAGE, functionPrefix + "VolWipePattern");
        if (algorithm < 0 || algorithm >= StorageVolWipeAlgorithm.values().length) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                "wiping algorithm " + algorithm + " not supported");
        }
        // as libvirt's storageVolWipePattern: the volume is in use while it is wiped outside the pool's job
        StoragePoolObject pool = poolOf(vol);
        StorageVolDef v = pools.job(pool, "virStorageVolWipePattern", o -> {
            StorageVolDef u = usableVolume(o, vol);
            o.use(u.name());
            return u;
        });
        try {
            backend.wipeVolume(pool.def(), v, algorithm, flags);
            pools.run(pool, "virStorageVolWipePattern", o -> replace(o, backend.refreshVolume(o.def(), v)));
        } finally {
            pool.release(v.name());
        }
    }

    /** virStorageVolResize with libvirt's checks: DELTA resolved here, shrinking only with SHRINK, ALLOCATE within the pool's free space. */
    public void volResize(StorageVolRef vol, long capacity, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "VolResize", StorageVolResizeFlag.values());
        pools.run(poolOf(vol), "virStorageVolResize", o -> {
            StorageVolDef v = usableVolume(o, vol);
            int rest = flags;
            long abs;
            if ((flags & StorageVolResizeFlag.DELTA.bit()) != 0) {
                abs = (flags & StorageVolResizeFlag.SHRINK.bit()) != 0
                    ? v.capacity() - (Long.compareUnsigned(capacity, v.capacity()) < 0 ? capacity : v.capacity())
                    : v.capacity() + capacity;
                rest &= ~StorageVolResizeFlag.DELTA.bit();
            } else {
                abs = capacity;
            }
            if (Long.compareUnsigned(abs, v.allocation()) < 0) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE, "can't shrink capacity below existing allocation");
            }
            if (Long.compareUnsigned(abs, v.capacity()) < 0 && (rest & StorageVolResizeFlag.SHRINK.bit()) == 0) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                    "Can't shrink capacity below current capacity unless shrink flag explicitly specified");
            }
            long delta = (rest & StorageVolResizeFlag.ALLOCATE.bit()) != 0 ? abs - v.allocation() : 0;
            if (Long.compareUnsigned(delta, o.def().available()) > 0) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE, "Not enough space left in storage pool");
            }
            backend.resizeVolume(o.def(), v, abs, rest);
            StorageVolDef now = backend.refreshVolume(o.def(), v);
            replace(o, now);
            // the pool's free space changed: as libvirt, the pool's sizes follow the allocation
            long grown = now.allocation() - v.allocation();
            StoragePoolDef d = o.def();
            o.def(d.withSizes(d.capacity(), d.allocation() + grown, d.available() - grown));
        });
    }

    public StorageVolInfo volInfo(StorageVolRef vol, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "VolGetInfoFlags", StorageVolInfoFlag.values());
        StoragePoolObject o = poolOf(vol);
        StorageVolDef v = volume(activeObject(o), vol.name());
        boolean physical = (flags & StorageVolInfoFlag.GET_PHYSICAL.bit()) != 0;
        return new StorageVolInfo(v.type(), v.capacity(), physical && v.physical() != 0 ? v.physical() : v.allocation());
    }

    public String volXmlDesc(StorageVolRef vol, int flags) {
        DriverConnection.checkFlags(flags, 0, ErrorDomain.STORAGE, functionPrefix + "VolGetXMLDesc");
        StoragePoolObject o = activeObject(poolOf(vol));
        return StorageVolXml.format(o.def().type(), volume(o, vol.name()));
    }

    public String volPath(StorageVolRef vol) {
        StoragePoolObject o = activeObject(poolOf(vol));
        return volume(o, vol.name()).target().path();
    }

    /** virStorageVolDownload: the volume is in use while the stream is open. */
    public InputStream volDownload(StorageVolRef vol, long offset, long length, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "VolDownload", StorageVolDownloadFlag.values());
        return pools.job(poolOf(vol), "virStorageVolDownload", o -> {
            StorageVolDef v = usableVolume(o, vol);
            InputStream in = backend.download(o.def(), v, offset, length, flags);
            o.use(v.name());
            Runnable release = once(() -> o.release(v.name()));
            // a backend's sparse download keeps telling its holes through the hold
            return in instanceof SparseInput ? new HeldSparseDownload(in, release) : new HeldDownload(in, release);
        });
    }

    /** {@code r} run at its first call only (a stream closed twice releases its volume once). */
    private static Runnable once(Runnable r) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                r.run();
            }
        };
    }

    /** A download that holds its volume in use until closed. */
    private static class HeldDownload extends FilterInputStream {
        private final Runnable release;

        HeldDownload(InputStream in, Runnable release) {
            super(in);
            this.release = release;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                release.run();
            }
        }
    }

    /** The same for a backend's {@link SparseInput}: its sections pass through. */
    private static final class HeldSparseDownload extends HeldDownload implements SparseInput {
        HeldSparseDownload(InputStream in, Runnable release) {
            super(in, release);
        }

        @Override
        public Section section() throws IOException {
            return ((SparseInput) in).section();
        }

        @Override
        public void skipHole(long length) throws IOException {
            ((SparseInput) in).skipHole(length);
        }
    }

    /** virStorageVolUpload: the volume is in use while the stream is open and refreshed when it closes. */
    public OutputStream volUpload(StorageVolRef vol, long offset, long length, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + "VolUpload", StorageVolUploadFlag.values());
        return pools.job(poolOf(vol), "virStorageVolUpload", o -> {
            StorageVolDef v = usableVolume(o, vol);
            OutputStream out = backend.upload(o.def(), v, offset, length, flags);
            o.use(v.name());
            Runnable release = once(() -> {
                o.release(v.name());
                refreshAfterUpload(o, v);
            });
            // a backend's upload that takes holes keeps taking them through the hold
            return out instanceof SparseOutput ? new HeldSparseUpload(out, release) : new HeldUpload(out, release);
        });
    }

    /** An upload that holds its volume in use until closed, then refreshes it. */
    private static class HeldUpload extends FilterOutputStream {
        private final Runnable release;

        HeldUpload(OutputStream out, Runnable release) {
            super(out);
            this.release = release;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                release.run();
            }
        }
    }

    /** The same for a backend's {@link SparseOutput}: holes pass through. */
    private static final class HeldSparseUpload extends HeldUpload implements SparseOutput {
        HeldSparseUpload(OutputStream out, Runnable release) {
            super(out, release);
        }

        @Override
        public void writeHole(long length) throws IOException {
            ((SparseOutput) out).writeHole(length);
        }
    }

    // ---------- what drivers ask of the pools ----------

    /** The pool of that name, or null. */
    public StoragePoolObject find(String name) {
        return pools.findByName(name);
    }

    /** Every pool, sorted by name. */
    public List<StoragePoolObject> all() {
        return sorted();
    }

    /**
     * The path of volume {@code volume} of pool {@code pool}, for {@code <disk type='volume'>}
     * (libvirt's virDomainStorageSourceTranslateSourcePool): NO_STORAGE_POOL for a missing pool,
     * CONFIG_UNSUPPORTED "storage pool 'P' containing volume 'V' is not active", NO_STORAGE_VOL for
     * a missing volume.
     */
    public String volumePath(String pool, String volume) {
        StoragePoolObject o = pools.getByName(pool);
        if (!o.isActive()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.STORAGE,
                "storage pool '" + pool + "' containing volume '" + volume + "' is not active");
        }
        return volume(o, volume).target().path();
    }

    // ---------- under the pool's job ----------

    private void startLocked(StoragePoolObject o, int createFlags) {
        if (o.isActive()) {
            throw alreadyActive(o);
        }
        StoragePoolDef def = o.def();
        if ((createFlags & CREATE_BUILD_FLAGS) != 0) {
            int buildFlags = 0;
            if ((createFlags & StoragePoolCreateFlag.WITH_BUILD_OVERWRITE.bit()) != 0) {
                buildFlags = StoragePoolBuildFlag.OVERWRITE.bit();
            } else if ((createFlags & StoragePoolCreateFlag.WITH_BUILD_NO_OVERWRITE.bit()) != 0) {
                buildFlags = StoragePoolBuildFlag.NO_OVERWRITE.bit();
            }
            backend.buildPool(def, buildFlags);
        }
        backend.startPool(def);
        try {
            refreshContents(o);
            if (store != null) {
                store.saveRunning(o.def());
            }
        } catch (RuntimeException e) {
            backend.stopPool(def);
            o.volumes(List.of());
            throw e;
        }
        o.active(true);
        publish(o, StoragePoolEventType.STARTED);
    }

    /** Stops an active pool: its volumes are forgotten, a transient pool goes away. */
    private void stopLocked(StoragePoolObject o, boolean event) {
        StoragePoolDef live = o.def();
        try {
            backend.stopPool(live);
        } finally {
            if (store != null) {
                store.deleteRunning(live.name());
            }
            o.active(false);
            o.volumes(List.of());
            if (o.nextDef() != null) {
                o.def(o.nextDef());
                o.nextDef(null);
            }
            if (event) {
                publish(o, StoragePoolEventType.STOPPED);
            }
            if (!o.isPersistent()) {
                pools.remove(o);
            }
        }
    }

    private void refreshContents(StoragePoolObject o) {
        StoragePoolContents c = backend.refreshPool(o.def());
        o.def(o.def().withSizes(c.capacity(), c.allocation(), c.available()));
        o.volumes(c.volumes());
    }

    private void refreshAfterUpload(StoragePoolObject o, StorageVolDef v) {
        try {
            pools.run(o, "storage volume refresh", p -> {
                if (p.isActive() && p.volume(v.name()) != null) {
                    replace(p, backend.refreshVolume(p.def(), p.volume(v.name())));
                }
            });
        } catch (VirtException e) {
            LOG.warn("cannot refresh volume '{}' of pool '{}' after an upload: {}", v.name(), o.name(), e.getMessage());
        }
    }

    /** Adds a volume a backend made; the pool's free space shrinks by its allocation. */
    private StorageVolRef added(StoragePoolObject o, StorageVolDef made) {
        List<StorageVolDef> vols = new ArrayList<>(o.volumes());
        vols.add(made);
        o.volumes(vols);
        StoragePoolDef d = o.def();
        o.def(d.withSizes(d.capacity(), d.allocation() + made.allocation(), d.available() - made.allocation()));
        return ref(o, made);
    }

    private static void replace(StoragePoolObject o, StorageVolDef now) {
        List<StorageVolDef> vols = new ArrayList<>(o.volumes());
        for (int i = 0; i < vols.size(); i++) {
            if (vols.get(i).name().equals(now.name())) {
                vols.set(i, now);
            }
        }
        o.volumes(vols);
    }

    // ---------- helpers ----------

    private StoragePoolObject find(StoragePoolRef pool) {
        StoragePoolObject o = pools.findByUuid(pool.uuid());
        if (o == null) {
            throw new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE,
                "no storage pool with matching uuid '" + pool.uuid() + "' (" + pool.name() + ")");
        }
        return o;
    }

    private StoragePoolObject poolOf(StorageVolRef vol) {
        return pools.getByName(vol.pool());
    }

    private StoragePoolObject activePool(StoragePoolRef pool) {
        return activeObject(find(pool));
    }

    private static StoragePoolObject activeObject(StoragePoolObject o) {
        requireActive(o);
        return o;
    }

    private static void requireActive(StoragePoolObject o) {
        if (!o.isActive()) {
            throw notActive(o);
        }
    }

    private static StorageVolDef volume(StoragePoolObject o, String name) {
        StorageVolDef v = o.volume(name);
        if (v == null) {
            throw new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.STORAGE,
                "no storage vol with matching name '" + name + "'");
        }
        return v;
    }

    /** The volume of an active pool with no stream open on it (libvirt's in_use check). */
    private static StorageVolDef usableVolume(StoragePoolObject o, StorageVolRef vol) {
        requireActive(o);
        StorageVolDef v = volume(o, vol.name());
        if (o.isInUse(v.name())) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                "volume '" + v.name() + "' is still in use.");
        }
        return v;
    }

    /** libvirt's asyncjobs check: no volume build, wipe or stream running on the pool. */
    private static void requireNoStreams(StoragePoolObject o) {
        if (o.hasAsyncJobs()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                "pool '" + o.name() + "' has asynchronous jobs running.");
        }
    }

    /**
     * The backend's checks of a new definition, after libvirt's duplicate checks
     * (virStoragePoolObjIsDuplicate and the source conflict check): the same UUID under another
     * name, the same name with another UUID, and for a create an active pool of that name.
     */
    private StoragePoolDef prepare(StoragePoolDef def, boolean forCreate) {
        StoragePoolObject byUuid = pools.findByUuid(def.uuid());
        if (byUuid != null) {
            if (!byUuid.name().equals(def.name())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE,
                    "pool '" + byUuid.name() + "' is already defined with uuid " + def.uuid());
            }
            if (forCreate && byUuid.isActive()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                    "pool is already active as '" + byUuid.name() + "'");
            }
        } else {
            StoragePoolObject byName = pools.findByName(def.name());
            if (byName != null) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE,
                    "pool '" + def.name() + "' already exists with uuid " + byName.uuid());
            }
        }
        List<StoragePoolDef> others = new ArrayList<>();
        for (StoragePoolObject o : pools.objects()) {
            if (!o.uuid().equals(def.uuid())) {
                others.add(o.def());
                if (PoolSources.conflict(o.def(), def)) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.STORAGE,
                        "Storage source conflict with pool: '" + o.name() + "'");
                }
            }
        }
        return backend.prepare(def, others);
    }

    private void checkCreateFlags(int flags, String function) {
        DriverConnection.checkFlags(flags, ErrorDomain.STORAGE, functionPrefix + function, StoragePoolCreateFlag.values());
        exclusive(flags, StoragePoolCreateFlag.WITH_BUILD_OVERWRITE.bit(), StoragePoolCreateFlag.WITH_BUILD_NO_OVERWRITE.bit(),
            "VIR_STORAGE_POOL_CREATE_WITH_BUILD_OVERWRITE", "VIR_STORAGE_POOL_CREATE_WITH_BUILD_NO_OVERWRITE");
    }

    /** libvirt's VIR_EXCLUSIVE_FLAGS_RET. */
    private static void exclusive(int flags, int a, int b, String nameA, String nameB) {
        if ((flags & a) != 0 && (flags & b) != 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                "Flags '" + nameA + "' and '" + nameB + "' are mutually exclusive");
        }
    }

    private static String sanitize(String path) {
        // lookups clean the path as definitions do (libvirt's virFileSanitizePath)
        return StoragePoolXml.sanitizePath(path);
    }

    private List<StoragePoolObject> sorted() {
        List<StoragePoolObject> l = new ArrayList<>(pools.objects());
        l.sort(Comparator.comparing(StoragePoolObject::name));
        return l;
    }

    private void publish(StoragePoolObject o, StoragePoolEventType type) {
        events.publish(new StoragePoolEvent(o.name(), o.uuid(), type));
    }

    private static StoragePoolRef ref(StoragePoolObject o) {
        return new StoragePoolRef(o.name(), o.uuid());
    }

    private static StorageVolRef ref(StoragePoolObject o, StorageVolDef v) {
        return new StorageVolRef(o.name(), v.name(), v.key() != null ? v.key() : String.valueOf(v.target().path()));
    }

    /** virConnectListAllStoragePools' filter groups: within a group any bit, across groups all. */
    private static boolean matches(StoragePoolObject o, int flags) {
        if (!group(flags, StoragePoolListFilter.ACTIVE, StoragePoolListFilter.INACTIVE, o.isActive())
            || !group(flags, StoragePoolListFilter.PERSISTENT, StoragePoolListFilter.TRANSIENT, o.isPersistent())
            || !group(flags, StoragePoolListFilter.AUTOSTART, StoragePoolListFilter.NO_AUTOSTART, o.isAutostart())) {
            return false;
        }
        int typeBits = 0;
        for (io.jvirt.api.storage.StoragePoolType t : io.jvirt.api.storage.StoragePoolType.values()) {
            typeBits |= t.listFilter().bit();
        }
        return (flags & typeBits) == 0 || (flags & o.def().type().listFilter().bit()) != 0;
    }

    private static boolean group(int flags, StoragePoolListFilter yes, StoragePoolListFilter no, boolean value) {
        boolean wantYes = (flags & yes.bit()) != 0;
        boolean wantNo = (flags & no.bit()) != 0;
        if (wantYes == wantNo) {
            return true;
        }
        return wantYes == value;
    }

    private static VirtException alreadyActive(StoragePoolObject o) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
            "storage pool '" + o.name() + "' is already active");
    }

    private static VirtException stillActive(StoragePoolObject o) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
            "storage pool '" + o.name() + "' is still active");
    }

    private static VirtException notActive(StoragePoolObject o) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
            "storage pool '" + o.name() + "' is not active");
    }
}
