package io.jvirt.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.CloseListener;
import io.jvirt.api.Connection;
import io.jvirt.api.CreateFlag;
import io.jvirt.api.DefineFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventListener;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Flag;
import io.jvirt.api.ListFilter;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkCreateFlag;
import io.jvirt.api.NetworkDefineFlag;
import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NetworkEventListener;
import io.jvirt.api.NetworkListFilter;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.Registration;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolCreateFlag;
import io.jvirt.api.StoragePoolDefineFlag;
import io.jvirt.api.StoragePoolEvent;
import io.jvirt.api.StoragePoolEventListener;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.StoragePoolRefreshListener;
import io.jvirt.api.StorageVol;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.NetworkRef;
import io.jvirt.core.spi.StoragePoolRef;
import io.jvirt.core.spi.StorageVolRef;
import io.jvirt.core.spi.UserFiles;

/**
 * A {@link Connection} over one {@link DriverConnection}: the entry-point skeleton of libvirt's
 * public API (check the connection, refuse changes when read-only, call the driver, turn stray
 * exceptions into VirtException) lives in {@link #call} and {@link #change}.
 */
final class ConnectionImpl implements Connection {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionImpl.class);
    /** jvirt's version in libvirt's encoding: 0.1.0. */
    static final long LIBRARY_VERSION = 1_000;

    private final ConnectorImpl connector;
    private final DriverEntry entry;
    private final DriverConnection driver;
    private final DriverConnection networks;
    private final DriverConnection storage;
    private final boolean readOnly;
    /** The URI the client opened (after alias resolution, without a password), for errors once the driver is gone. */
    private final String openedUri;
    /** The files this connection's client may make jvirt read. */
    private final UserFiles files;
    private final SerialExecutor events;
    private final CopyOnWriteArrayList<ListenerEntry> eventListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<CloseListener> closeListeners = new CopyOnWriteArrayList<>();
    /**
     * The driver's report of a lost connection (DriverConnection.subscribeClose), made with the
     * first close listener (a remote driver registers a callback on its server for it, which
     * libvirt's client also does only when its application registers a close callback), closed at
     * release; guarded by {@link #closeSubscriptionLock}.
     */
    private AutoCloseable closeSubscription;
    private final Object closeSubscriptionLock = new Object();
    private final java.lang.ref.Cleaner.Cleanable driverRelease;
    /** Domains started with AUTODESTROY through this connection: destroyed when it closes. */
    private final java.util.Set<DomainRef> autoDestroy = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private AutoCloseable eventSubscription;
    private final CopyOnWriteArrayList<NetworkListenerEntry> networkListeners = new CopyOnWriteArrayList<>();
    private AutoCloseable networkEventSubscription;
    private final CopyOnWriteArrayList<PoolListenerEntry> poolListeners = new CopyOnWriteArrayList<>();
    private AutoCloseable poolEventSubscription;
    private volatile boolean closed;
    private volatile boolean gone;

    private record ListenerEntry(UUID uuid, DomainEventListener listener) {
    }

    private record NetworkListenerEntry(UUID uuid, NetworkEventListener listener) {
    }

    /** One of lifecycle and refresh is set. */
    private record PoolListenerEntry(UUID uuid, StoragePoolEventListener lifecycle, StoragePoolRefreshListener refresh) {
    }

    ConnectionImpl(ConnectorImpl connector, DriverEntry entry, DriverConnection driver, boolean readOnly,
                   String openedUri, UserFiles files) {
        this(connector, entry, driver, driver, driver, readOnly, openedUri, files);
    }

    ConnectionImpl(ConnectorImpl connector, DriverEntry entry, DriverConnection driver, DriverConnection networks,
                   boolean readOnly, String openedUri, UserFiles files) {
        this(connector, entry, driver, networks, driver, readOnly, openedUri, files);
    }

    /**
     * @param networks the connection that answers network calls: {@code driver} itself, or the
     *                 network half a {@link io.jvirt.core.spi.NetworkDriver} opened for it
     * @param storage  the connection that answers storage calls: {@code driver} itself, or the
     *                 storage half a {@link io.jvirt.core.spi.StorageDriver} opened for it
     */
    ConnectionImpl(ConnectorImpl connector, DriverEntry entry, DriverConnection driver, DriverConnection networks,
                   DriverConnection storage, boolean readOnly, String openedUri, UserFiles files) {
        this.connector = connector;
        this.entry = entry;
        this.driver = driver;
        this.networks = networks;
        this.storage = storage;
        this.readOnly = readOnly;
        this.openedUri = openedUri;
        this.files = files;
        this.events = new SerialExecutor(connector.eventPool());
        // closes the driver's side once: at close(), when the driver goes, or when a connection
        // nobody closed (a console session that ended) becomes unreachable
        this.driverRelease = connector.cleaner().register(this,
            new DriverRelease(driver, networks == driver ? null : networks, storage == driver ? null : storage,
                entry.info().name(), autoDestroy));
    }

    /** Subscribes to the driver's report of a lost connection, once, while the connection is open. */
    private void subscribeDriverClose() {
        synchronized (closeSubscriptionLock) {
            if (closeSubscription != null || closed) {
                return;
            }
            // weakly: the driver connection is held by the cleaner's DriverRelease, and must not keep
            // this connection reachable through its sink
            java.lang.ref.WeakReference<ConnectionImpl> self = new java.lang.ref.WeakReference<>(this);
            try {
                closeSubscription = driver.subscribeClose(reason -> {
                    ConnectionImpl c = self.get();
                    if (c != null) {
                        c.lostByDriver(reason);
                    }
                });
            } catch (RuntimeException e) {
                LOG.debug("driver '{}' refused a close subscription", entry.info().name(), e);
                closeSubscription = () -> { };
            }
        }
    }

    /**
     * The driver lost the connection (a remote peer hung up): the close listeners are told, as
     * libvirt's close callback is; the connection stays open (its calls fail) until closed.
     */
    private void lostByDriver(CloseListener.Reason reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        notifyClose(reason);
    }

    DriverEntry entry() {
        return entry;
    }

    DriverConnection driver() {
        return driver;
    }

    /** The connection that answers network calls (the driver's own, or a network driver's). */
    DriverConnection networks() {
        return networks;
    }

    /** The connection that answers storage calls (the driver's own, or a storage driver's). */
    DriverConnection storage() {
        return storage;
    }

    // ---------- the entry-point skeleton ----------

    <R> R call(Supplier<R> work) {
        checkUsable();
        try {
            return work.get();
        } catch (VirtException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("driver '{}' failed", entry.info().name(), e);
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, String.valueOf(e), e);
        }
    }

    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** A call that changes something: refused on a read-only connection. */
    <R> R change(String apiFunction, Supplier<R> work) {
        checkUsable();
        if (readOnly) {
            // libvirt's virCheckReadOnlyGoto wording
            throw new VirtException(ErrorCode.OPERATION_DENIED, ErrorDomain.NONE, "read only access prevents " + apiFunction);
        }
        return call(work);
    }

    void changeRun(String apiFunction, Runnable work) {
        change(apiFunction, () -> {
            work.run();
            return null;
        });
    }

    private void checkUsable() {
        if (gone) {
            // not driver.uri(): the driver connection is closed by now and must not be called again
            throw new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.NONE,
                openedUri + " (the '" + entry.info().name() + "' driver was removed)");
        }
        if (closed) {
            throw new VirtException(ErrorCode.INVALID_CONN, ErrorDomain.NONE, "a closed connection");
        }
    }

    Domain wrap(DomainRef ref) {
        return new DomainImpl(this, ref);
    }

    // ---------- Connection ----------

    @Override
    public String type() {
        return call(driver::type);
    }

    @Override
    public long hypervisorVersion() {
        return call(driver::hypervisorVersion);
    }

    @Override
    public long libraryVersion() {
        return LIBRARY_VERSION;
    }

    @Override
    public String hostname() {
        return call(driver::hostname);
    }

    @Override
    public String uri() {
        // whatever the driver reports, never a password (what virt:uri prints)
        return call(() -> UriPasswords.forDisplay(driver.uri()));
    }

    @Override
    public String capabilities() {
        return call(driver::capabilities);
    }

    @Override
    public NodeInfo nodeInfo() {
        return call(driver::nodeInfo);
    }

    @Override
    public io.jvirt.api.SecurityModel securityModel() {
        return call(driver::nodeSecurityModel);
    }

    @Override
    public io.jvirt.api.NodeCpuMap nodeCpuMap() {
        return call(() -> driver.nodeCpuMap(0));
    }

    /** virNodeGetFreeMemory: a driver's 0 is a failure, with libvirt's words where it said nothing. */
    @Override
    public long nodeFreeMemory() {
        long free = call(driver::nodeFreeMemory);
        if (free == 0) {
            throw VirtException.verbatim(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, "An error occurred, but the cause is unknown");
        }
        return free;
    }

    /** virNodeGetCellsFreeMemory's checks (virCheckPositiveArg(maxCells), virCheckNonNegativeArg(startCell)) first. */
    @Override
    public List<Long> nodeCellsFreeMemory(int startCell, int maxCells) {
        if (maxCells <= 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "maxCells in virNodeGetCellsFreeMemory must be greater than zero");
        }
        if (startCell < 0) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "startCell in virNodeGetCellsFreeMemory must be zero or greater");
        }
        return call(() -> {
            List<Long> cells = driver.nodeCellsFreeMemory(startCell, maxCells);
            return List.copyOf(cells.subList(0, Math.min(maxCells, cells.size())));
        });
    }

    @Override
    public String sysinfo() {
        return call(() -> driver.connectSysinfo(0));
    }

    /** virNodeGetCPUStats's check of cpuNum first. */
    @Override
    public List<io.jvirt.api.NodeStat> nodeCpuStats(int cpuNum) {
        if (cpuNum < 0 && cpuNum != io.jvirt.api.NodeStat.ALL_CPUS) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "cpuNum in virNodeGetCPUStats only accepts -1 as a negative value");
        }
        return call(() -> List.copyOf(driver.nodeCpuStats(cpuNum, 0)));
    }

    /** virNodeGetMemoryStats's check of cellNum first. */
    @Override
    public List<io.jvirt.api.NodeStat> nodeMemoryStats(int cellNum) {
        if (cellNum < 0 && cellNum != io.jvirt.api.NodeStat.ALL_CELLS) {
            throw VirtException.verbatim(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "cellNum in virNodeGetMemoryStats only accepts -1 as a negative value");
        }
        return call(() -> List.copyOf(driver.nodeMemoryStats(cellNum, 0)));
    }

    @Override
    public int maxVcpus(String type) {
        return call(() -> driver.maxVcpus(type));
    }

    @Override
    public boolean isAlive() {
        if (closed || gone) {
            return false;
        }
        try {
            return driver.isAlive();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public boolean isEncrypted() {
        return call(driver::isEncrypted);
    }

    @Override
    public boolean isSecure() {
        return call(driver::isSecure);
    }

    @Override
    public String readUserFile(String path) {
        checkUsable();
        return files.read(path);
    }

    @Override
    public List<Domain> listAllDomains(ListFilter... filters) {
        List<DomainRef> refs = call(() -> driver.listAllDomains(Flag.bits(filters)));
        List<Domain> out = new ArrayList<>(refs.size());
        for (DomainRef r : refs) {
            out.add(wrap(r));
        }
        return out;
    }

    @Override
    public List<io.jvirt.api.DomainStatsRecord> allDomainStats(java.util.Set<io.jvirt.api.DomainStatsType> stats,
        io.jvirt.api.DomainStatsFlag... flags) {
        return DomainStatsCalls.all(this, stats, flags);
    }

    @Override
    public List<io.jvirt.api.DomainStatsRecord> domainListStats(List<Domain> domains,
        java.util.Set<io.jvirt.api.DomainStatsType> stats, io.jvirt.api.DomainStatsFlag... flags) {
        return DomainStatsCalls.list(this, domains, stats, flags);
    }

    @Override
    public int numOfDomains() {
        return call(driver::numOfDomains);
    }

    @Override
    public int numOfDefinedDomains() {
        return call(driver::numOfDefinedDomains);
    }

    @Override
    public Domain lookupByName(String name) {
        requireArg(name, "name");
        return wrap(call(() -> driver.lookupByName(name)));
    }

    @Override
    public Domain lookupByUuid(UUID uuid) {
        requireArg(uuid, "uuid");
        return wrap(call(() -> driver.lookupByUuid(uuid)));
    }

    @Override
    public Domain lookupByUuidString(String uuid) {
        return lookupByUuid(Uuids.parse(uuid));
    }

    @Override
    public Domain lookupById(int id) {
        if (id < 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "id in virDomainLookupByID must be >= 0");
        }
        return wrap(call(() -> driver.lookupById(id)));
    }

    @Override
    public Domain defineXml(String xml, DefineFlag... flags) {
        requireArg(xml, "xml");
        return wrap(change("virDomainDefineXMLFlags", () -> driver.defineXml(xml, Flag.bits(flags))));
    }

    @Override
    public Domain createXml(String xml, CreateFlag... flags) {
        requireArg(xml, "xml");
        int bits = Flag.bits(flags);
        DomainRef ref = change("virDomainCreateXML", () -> driver.createXml(xml, bits & ~CreateFlag.AUTODESTROY.bit()));
        if ((bits & CreateFlag.AUTODESTROY.bit()) != 0) {
            autoDestroy.add(ref);
        }
        return wrap(ref);
    }

    @Override
    public String domainXmlFromNative(String nativeFormat, String nativeConfig) {
        requireArg(nativeFormat, "nativeFormat");
        requireArg(nativeConfig, "nativeConfig");
        return change("virConnectDomainXMLFromNative", () -> driver.domainXmlFromNative(nativeFormat, nativeConfig));
    }

    @Override
    public String domainXmlToNative(String nativeFormat, String domainXml) {
        requireArg(nativeFormat, "nativeFormat");
        requireArg(domainXml, "domainXml");
        return change("virConnectDomainXMLToNative", () -> driver.domainXmlToNative(nativeFormat, domainXml));
    }

    @Override
    public Registration addDomainEventListener(DomainEventListener listener) {
        return addListener(null, listener);
    }

    @Override
    public Registration addDomainEventListener(Domain domain, DomainEventListener listener) {
        requireArg(domain, "domain");
        return addListener(domain.uuid(), listener);
    }

    private Registration addListener(UUID uuid, DomainEventListener listener) {
        requireArg(listener, "listener");
        checkUsable();
        synchronized (this) {
            if (eventSubscription == null) {
                eventSubscription = call(() -> driver.subscribeDomainEvents(this::onDriverEvent));
            }
        }
        ListenerEntry e = new ListenerEntry(uuid, listener);
        eventListeners.add(e);
        return () -> eventListeners.remove(e);
    }

    /** Called by the driver on the thread that caused the event: only enqueue here. */
    private void onDriverEvent(DomainEvent event) {
        if (eventListeners.isEmpty()) {
            return;
        }
        events.execute(() -> {
            Domain dom = new DomainImpl(this, new DomainRef(event.name(), event.uuid(), event.id()));
            for (ListenerEntry e : eventListeners) {
                if (e.uuid == null || e.uuid.equals(event.uuid())) {
                    e.listener.onEvent(this, dom, event);
                }
            }
        });
    }

    // ---------- networks ----------

    Network wrap(NetworkRef ref) {
        return new NetworkImpl(this, ref);
    }

    @Override
    public List<Network> listAllNetworks(NetworkListFilter... filters) {
        List<NetworkRef> refs = call(() -> networks.listAllNetworks(Flag.bits(filters)));
        List<Network> out = new ArrayList<>(refs.size());
        for (NetworkRef r : refs) {
            out.add(wrap(r));
        }
        return out;
    }

    @Override
    public int numOfNetworks() {
        return call(networks::numOfNetworks);
    }

    @Override
    public int numOfDefinedNetworks() {
        return call(networks::numOfDefinedNetworks);
    }

    @Override
    public Network lookupNetworkByName(String name) {
        requireArg(name, "name");
        return wrap(call(() -> networks.networkLookupByName(name)));
    }

    @Override
    public Network lookupNetworkByUuid(UUID uuid) {
        requireArg(uuid, "uuid");
        return wrap(call(() -> networks.networkLookupByUuid(uuid)));
    }

    @Override
    public Network lookupNetworkByUuidString(String uuid) {
        return lookupNetworkByUuid(Uuids.parse(uuid));
    }

    @Override
    public Network defineNetworkXml(String xml, NetworkDefineFlag... flags) {
        requireArg(xml, "xml");
        int bits = Flag.bits(flags);
        // libvirt's two entry points check read-only under their own names
        return wrap(change(bits == 0 ? "virNetworkDefineXML" : "virNetworkDefineXMLFlags",
            () -> networks.networkDefineXml(xml, bits)));
    }

    @Override
    public Network createNetworkXml(String xml, NetworkCreateFlag... flags) {
        requireArg(xml, "xml");
        int bits = Flag.bits(flags);
        return wrap(change(bits == 0 ? "virNetworkCreateXML" : "virNetworkCreateXMLFlags",
            () -> networks.networkCreateXml(xml, bits)));
    }

    @Override
    public Registration addNetworkEventListener(NetworkEventListener listener) {
        return addNetworkListener(null, listener);
    }

    @Override
    public Registration addNetworkEventListener(Network network, NetworkEventListener listener) {
        requireArg(network, "network");
        return addNetworkListener(network.uuid(), listener);
    }

    private Registration addNetworkListener(UUID uuid, NetworkEventListener listener) {
        requireArg(listener, "listener");
        checkUsable();
        synchronized (this) {
            if (networkEventSubscription == null) {
                networkEventSubscription = call(() -> networks.subscribeNetworkEvents(this::onDriverNetworkEvent));
            }
        }
        NetworkListenerEntry e = new NetworkListenerEntry(uuid, listener);
        networkListeners.add(e);
        return () -> networkListeners.remove(e);
    }

    /** Called by the driver on the thread that caused the event: only enqueue here. */
    private void onDriverNetworkEvent(NetworkEvent event) {
        if (networkListeners.isEmpty()) {
            return;
        }
        events.execute(() -> {
            Network net = wrap(new NetworkRef(event.name(), event.uuid()));
            for (NetworkListenerEntry e : networkListeners) {
                if (e.uuid == null || e.uuid.equals(event.uuid())) {
                    e.listener.onEvent(this, net, event);
                }
            }
        });
    }

    // ---------- storage ----------

    StoragePool wrap(StoragePoolRef ref) {
        return new StoragePoolImpl(this, ref);
    }

    StorageVol wrap(StorageVolRef ref) {
        return new StorageVolImpl(this, ref);
    }

    /**
     * The driver's reference of a volume handle of this connection; INVALID_ARG for null or a
     * handle of another connection (libvirt's virCheckStorageVolGoto refuses a foreign pointer).
     */
    StorageVolRef ownVolume(StorageVol vol, String what) {
        requireArg(vol, what);
        if (!(vol instanceof StorageVolImpl v) || v.owner() != this) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, what + " is a volume of another connection");
        }
        return v.ref();
    }

    @Override
    public List<StoragePool> listAllStoragePools(StoragePoolListFilter... filters) {
        List<StoragePoolRef> refs = call(() -> storage.listAllStoragePools(Flag.bits(filters)));
        List<StoragePool> out = new ArrayList<>(refs.size());
        for (StoragePoolRef r : refs) {
            out.add(wrap(r));
        }
        return out;
    }

    @Override
    public int numOfStoragePools() {
        return call(storage::numOfStoragePools);
    }

    @Override
    public int numOfDefinedStoragePools() {
        return call(storage::numOfDefinedStoragePools);
    }

    @Override
    public StoragePool lookupStoragePoolByName(String name) {
        requireArg(name, "name");
        return wrap(call(() -> storage.storagePoolLookupByName(name)));
    }

    @Override
    public StoragePool lookupStoragePoolByUuid(UUID uuid) {
        requireArg(uuid, "uuid");
        return wrap(call(() -> storage.storagePoolLookupByUuid(uuid)));
    }

    @Override
    public StoragePool lookupStoragePoolByUuidString(String uuid) {
        return lookupStoragePoolByUuid(Uuids.parse(uuid));
    }

    @Override
    public StoragePool lookupStoragePoolByVolume(StorageVol volume) {
        StorageVolRef ref = ownVolume(volume, "volume");
        return wrap(call(() -> storage.storagePoolLookupByVolume(ref)));
    }

    @Override
    public StoragePool lookupStoragePoolByTargetPath(String path) {
        requireArg(path, "path");
        return wrap(call(() -> storage.storagePoolLookupByTargetPath(path)));
    }

    @Override
    public StoragePool defineStoragePoolXml(String xml, StoragePoolDefineFlag... flags) {
        requireArg(xml, "xml");
        int bits = Flag.bits(flags);
        return wrap(change("virStoragePoolDefineXML", () -> storage.storagePoolDefineXml(xml, bits)));
    }

    @Override
    public StoragePool createStoragePoolXml(String xml, StoragePoolCreateFlag... flags) {
        requireArg(xml, "xml");
        int bits = Flag.bits(flags);
        return wrap(change("virStoragePoolCreateXML", () -> storage.storagePoolCreateXml(xml, bits)));
    }

    @Override
    public String findStoragePoolSources(String type, String srcSpec) {
        requireArg(type, "type");
        return change("virConnectFindStoragePoolSources", () -> storage.findStoragePoolSources(type, srcSpec, 0));
    }

    @Override
    public String storagePoolCapabilities() {
        return call(() -> storage.storagePoolCapabilities(0));
    }

    @Override
    public StorageVol lookupStorageVolByKey(String key) {
        requireArg(key, "key");
        return wrap(call(() -> storage.storageVolLookupByKey(key)));
    }

    @Override
    public StorageVol lookupStorageVolByPath(String path) {
        requireArg(path, "path");
        return wrap(call(() -> storage.storageVolLookupByPath(path)));
    }

    @Override
    public Registration addStoragePoolEventListener(StoragePoolEventListener listener) {
        requireArg(listener, "listener");
        return addPoolListener(new PoolListenerEntry(null, listener, null));
    }

    @Override
    public Registration addStoragePoolEventListener(StoragePool pool, StoragePoolEventListener listener) {
        requireArg(pool, "pool");
        requireArg(listener, "listener");
        return addPoolListener(new PoolListenerEntry(pool.uuid(), listener, null));
    }

    @Override
    public Registration addStoragePoolRefreshListener(StoragePoolRefreshListener listener) {
        requireArg(listener, "listener");
        return addPoolListener(new PoolListenerEntry(null, null, listener));
    }

    @Override
    public Registration addStoragePoolRefreshListener(StoragePool pool, StoragePoolRefreshListener listener) {
        requireArg(pool, "pool");
        requireArg(listener, "listener");
        return addPoolListener(new PoolListenerEntry(pool.uuid(), null, listener));
    }

    private Registration addPoolListener(PoolListenerEntry e) {
        checkUsable();
        synchronized (this) {
            if (poolEventSubscription == null) {
                poolEventSubscription = call(() -> storage.subscribeStoragePoolEvents(this::onDriverPoolEvent));
            }
        }
        poolListeners.add(e);
        return () -> poolListeners.remove(e);
    }

    /** Called by the driver on the thread that caused the event: only enqueue here. */
    private void onDriverPoolEvent(StoragePoolEvent event) {
        if (poolListeners.isEmpty()) {
            return;
        }
        events.execute(() -> {
            StoragePool pool = wrap(new StoragePoolRef(event.name(), event.uuid()));
            boolean lifecycle = event.type().isLifecycle();
            for (PoolListenerEntry e : poolListeners) {
                if (e.uuid != null && !e.uuid.equals(event.uuid())) {
                    continue;
                }
                if (lifecycle && e.lifecycle != null) {
                    e.lifecycle.onEvent(this, pool, event);
                } else if (!lifecycle && e.refresh != null) {
                    e.refresh.onRefresh(this, pool);
                }
            }
        });
    }

    @Override
    public Registration addCloseListener(CloseListener listener) {
        requireArg(listener, "listener");
        closeListeners.add(listener);
        subscribeDriverClose();
        return () -> closeListeners.remove(listener);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        release();
        connector.closed(this);
        notifyClose(CloseListener.Reason.CLIENT);
    }

    /**
     * Starts a defined domain; AUTODESTROY is the core's business (drivers never see the flag):
     * the domain is destroyed when this connection closes, as libvirt does.
     */
    void createDomain(DomainRef ref, CreateFlag... flags) {
        int bits = Flag.bits(flags);
        changeRun("virDomainCreateWithFlags", () -> driver.domainCreate(ref, bits & ~CreateFlag.AUTODESTROY.bit()));
        if ((bits & CreateFlag.AUTODESTROY.bit()) != 0) {
            autoDestroy.add(ref);
        }
    }

    /** The driver went away: the connection fails from now on and its listeners are told. */
    void driverGone() {
        gone = true;
        // the driver is leaving: its guests are its business now, not this connection's
        autoDestroy.clear();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        release();
        notifyClose(CloseListener.Reason.EOF);
    }

    private void release() {
        synchronized (closeSubscriptionLock) {
            if (closeSubscription != null) {
                try {
                    closeSubscription.close();
                } catch (Exception e) {
                    LOG.debug("closing the close subscription", e);
                }
            }
        }
        synchronized (this) {
            if (eventSubscription != null) {
                try {
                    eventSubscription.close();
                } catch (Exception e) {
                    LOG.debug("closing event subscription", e);
                }
                eventSubscription = null;
            }
            if (networkEventSubscription != null) {
                try {
                    networkEventSubscription.close();
                } catch (Exception e) {
                    LOG.debug("closing network event subscription", e);
                }
                networkEventSubscription = null;
            }
            if (poolEventSubscription != null) {
                try {
                    poolEventSubscription.close();
                } catch (Exception e) {
                    LOG.debug("closing storage pool event subscription", e);
                }
                poolEventSubscription = null;
            }
        }
        driverRelease.clean();
    }

    /**
     * Destroys the connection's AUTODESTROY domains, then closes the driver connection; holds no
     * reference to the {@link ConnectionImpl} it serves.
     */
    private record DriverRelease(DriverConnection driver, DriverConnection networks, DriverConnection storage, String driverName,
                                 java.util.Set<DomainRef> autoDestroy) implements Runnable {
        @Override
        public void run() {
            for (DomainRef dom : autoDestroy) {
                try {
                    driver.domainDestroy(dom, 0);
                } catch (RuntimeException e) {
                    // already stopped or gone: nothing left to destroy
                    LOG.debug("auto-destroy of domain '{}' on close: {}", dom.name(), e.getMessage());
                }
            }
            autoDestroy.clear();
            try {
                driver.close();
            } catch (RuntimeException e) {
                LOG.warn("driver '{}' failed to close a connection", driverName, e);
            }
            if (networks != null) {
                try {
                    networks.close();
                } catch (RuntimeException e) {
                    LOG.warn("the network driver failed to close a connection", e);
                }
            }
            if (storage != null) {
                try {
                    storage.close();
                } catch (RuntimeException e) {
                    LOG.warn("the storage driver failed to close a connection", e);
                }
            }
        }
    }

    private void notifyClose(CloseListener.Reason reason) {
        for (CloseListener l : closeListeners) {
            events.execute(() -> l.onClose(this, reason));
        }
    }

    static void requireArg(Object value, String name) {
        if (value == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, name + " must not be null");
        }
    }

    @Override
    public String toString() {
        return "Connection[" + entry.info().name() + (readOnly ? ", read-only" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(System.identityHashCode(this));
    }
}
