package io.jvirt.core.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.ConnectFlag;
import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.DriverInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.NetworkEventObservers;
import io.jvirt.core.kit.StorageEventObservers;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainEventObserver;
import io.jvirt.core.spi.NetworkEventObserver;
import io.jvirt.core.spi.NetworkDriver;
import io.jvirt.core.spi.StorageDriver;
import io.jvirt.core.spi.StorageEventObserver;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;
import io.jvirt.core.spi.UserFiles;

/**
 * The {@link Connector} service: tracks every {@link HypervisorDriver} service (a DS whiteboard, so
 * drivers come and go with their bundles), routes each URI to the first driver that accepts it, and
 * fails the open connections of a driver that goes away.
 */
@Component(service = {Connector.class, DomainEventSource.class, NetworkEventSource.class, StorageEventSource.class}, configurationPid = "io.jvirt.core", immediate = true)
@Designate(ocd = CoreConfiguration.class)
public class ConnectorImpl implements Connector, DomainEventSource, NetworkEventSource, StorageEventSource {

    static final String BUILTIN_DEFAULT_URI = "test:///default";
    static final String ENV_DEFAULT_URI = "LIBVIRT_DEFAULT_URI";

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorImpl.class);

    private final CopyOnWriteArrayList<DriverEntry> drivers = new CopyOnWriteArrayList<>();
    private final Map<HypervisorDriver, Set<ConnectionImpl>> connections = new ConcurrentHashMap<>();
    /**
     * Makes "is the driver still there? then register the connection" one step against removal, so
     * that a connection opened while its driver leaves is either failed by the removal or never
     * handed out. Held for list and map operations only, never while a driver is called.
     */
    private final Object membership = new Object();
    private final ExecutorService eventPool;
    /** Closes the driver side of connections that were dropped without close() (thread jvirt-cleaner). */
    private final java.lang.ref.Cleaner cleaner = java.lang.ref.Cleaner.create(r -> {
        Thread t = new Thread(r, "jvirt-cleaner");
        t.setDaemon(true);
        return t;
    });
    /** What each driver's event observation is closed with when the driver goes. */
    private final Map<HypervisorDriver, AutoCloseable> observations = new ConcurrentHashMap<>();
    /** The core's observers of every driver's events (the EventAdmin bridge). */
    private final DomainEventObservers observers = new DomainEventObservers();
    /** What each driver's network event observation is closed with when the driver goes. */
    private final Map<HypervisorDriver, AutoCloseable> networkObservations = new ConcurrentHashMap<>();
    /** The core's observers of every driver's network events (the EventAdmin bridge). */
    private final NetworkEventObservers networkObservers = new NetworkEventObservers();
    /** The network drivers, asked in the order they came, and what their event observation is closed with. */
    private final java.util.concurrent.CopyOnWriteArrayList<NetworkDriver> networkDrivers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<NetworkDriver, AutoCloseable> networkDriverObservations = new ConcurrentHashMap<>();
    /** What each driver's storage pool event observation is closed with when the driver goes. */
    private final Map<HypervisorDriver, AutoCloseable> storageObservations = new ConcurrentHashMap<>();
    /** The core's observers of every driver's storage pool events (the EventAdmin bridge). */
    private final StorageEventObservers storageObservers = new StorageEventObservers();
    /** The storage drivers, asked in the order they came, and what their event observation is closed with. */
    private final CopyOnWriteArrayList<StorageDriver> storageDrivers = new CopyOnWriteArrayList<>();
    private final Map<StorageDriver, AutoCloseable> storageDriverObservations = new ConcurrentHashMap<>();
    private volatile String defaultUri = BUILTIN_DEFAULT_URI;
    private volatile Map<String, String> aliases = Map.of();
    /** The named connections' targets (the core's named connection registry), or null. */
    private volatile ConnectionNames names;
    /** What read-only connections may read (PID io.jvirt.core, readonly.files.dir). */
    private volatile UserFiles readOnlyFiles = UserFiles.NONE;

    public ConnectorImpl() {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "jvirt-events-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // grows to 4 threads under load, shrinks to none when idle
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
        pool.allowCoreThreadTimeOut(true);
        this.eventPool = pool;
    }

    // ---------- DS lifecycle ----------

    @Activate
    @Modified
    void configure(CoreConfiguration config) {
        configure(config.default_uri(), config.uri_aliases());
        readOnlyFilesDir(config.readonly_files_dir());
        warnAboutAnOpenKarafConsole();
    }

    /**
     * In a Karaf whose console lets users without admin run every command that has no ACL entry
     * (Karaf's default: cat, redirection, method calls...), those users can read and write the
     * host's files with jvirt's root rights; the distribution closes that, a stock Karaf has to.
     */
    private static void warnAboutAnOpenKarafConsole() {
        if (System.getProperty("karaf.home") != null && System.getProperty("karaf.secured.command.compulsory.roles") == null) {
            LOG.warn("karaf.secured.command.compulsory.roles is not set: console users without the admin role may run every "
                + "Karaf command that has no ACL (cat, >, method calls...) with the rights of this process; "
                + "set it to admin in etc/system.properties (see jvirt's README)");
        }
    }

    /**
     * The directory whose files read-only connections may name (null or blank: none); also how a
     * {@code StandaloneConnector} sets it.
     */
    public void readOnlyFilesDir(String dir) {
        if (dir == null || dir.isBlank()) {
            readOnlyFiles = UserFiles.NONE;
            return;
        }
        UserFiles f = UserFiles.under(java.nio.file.Path.of(dir.trim()));
        if (f == UserFiles.NONE) {
            LOG.warn("readonly.files.dir {} does not exist: read-only connections read no file", dir.trim());
        }
        readOnlyFiles = f;
    }

    /** Applies the configuration; also how a {@code StandaloneConnector} configures the core. */
    public void configure(String defaultUri, String[] aliasPairs) {
        this.defaultUri = defaultUri == null || defaultUri.isBlank() ? BUILTIN_DEFAULT_URI : defaultUri.trim();
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String entry : aliasPairs == null ? new String[0] : aliasPairs) {
            for (String pair : entry.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    parsed.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                } else if (!pair.isBlank()) {
                    LOG.warn("ignoring malformed URI alias '{}' (expecting name=uri)", UriPasswords.strip(pair.trim()));
                }
            }
        }
        this.aliases = Map.copyOf(parsed);
    }

    @Deactivate
    public void shutdown() {
        for (DriverEntry e : drivers) {
            driverGone(e.driver());
        }
        eventPool.shutdown();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDriver(HypervisorDriver driver, ServiceReference<HypervisorDriver> ref) {
        Bundle b = ref.getBundle();
        Object name = ref.getProperty(HypervisorDriver.PROP_NAME);
        DriverInfo info = new DriverInfo(name == null ? driver.name() : String.valueOf(name),
            DriverEntry.schemes(ref.getProperty(HypervisorDriver.PROP_SCHEMES)),
            Boolean.parseBoolean(String.valueOf(ref.getProperty(HypervisorDriver.PROP_STATEFUL))),
            b == null ? -1 : b.getBundleId(), b == null ? "" : b.getSymbolicName(),
            b == null ? "" : b.getVersion().toString(), functions(driver));
        addDriver(driver, info);
    }

    /** The libvirt functions a driver implements, read from its connection class; empty when unknown. */
    static java.util.List<String> functions(HypervisorDriver driver) {
        try {
            return java.util.List.copyOf(DriverFunctions.implementedBy(driver.connectionType()));
        } catch (RuntimeException e) {
            LOG.warn("cannot read the functions of driver '{}'", driver.name(), e);
            return java.util.List.of();
        }
    }

    void unbindDriver(HypervisorDriver driver) {
        removeDriver(driver);
    }

    /** Adds a driver; it is asked after those added before it. */
    public void addDriver(HypervisorDriver driver, DriverInfo info) {
        synchronized (membership) {
            drivers.add(new DriverEntry(driver, info));
        }
        try {
            // a host URI never carries a password past the core
            observations.put(driver, driver.observeDomainEvents((uri, e) -> observers.dispatch(UriPasswords.forDisplay(uri), e)));
        } catch (RuntimeException e) {
            LOG.warn("driver '{}' refused the core's event observer: its events will not reach EventAdmin", info.name(), e);
        }
        try {
            networkObservations.put(driver,
                driver.observeNetworkEvents((uri, e) -> networkObservers.accept(UriPasswords.forDisplay(uri), e)));
        } catch (RuntimeException e) {
            LOG.warn("driver '{}' refused the core's network event observer: its network events will not reach EventAdmin",
                info.name(), e);
        }
        try {
            storageObservations.put(driver,
                driver.observeStoragePoolEvents((uri, e) -> storageObservers.accept(UriPasswords.forDisplay(uri), e)));
        } catch (RuntimeException e) {
            LOG.warn("driver '{}' refused the core's storage event observer: its pool events will not reach EventAdmin",
                info.name(), e);
        }
        LOG.info("hypervisor driver '{}' registered (schemes {})", info.name(), info.schemes());
    }

    /**
     * Lets {@code names} resolve connection names (the named connections of
     * {@code etc/io.jvirt.connection-NAME.cfg}); null: names no more. The registry hands itself
     * over as it activates (it needs this connector to open its connections, so a reference from
     * here to it would be a circular one, which SCR reports and breaks); also how a standalone
     * core gets them.
     */
    public void names(ConnectionNames names) {
        this.names = names;
    }

    /** Forgets {@code gone} if it is the one resolving names. */
    public void unbindNames(ConnectionNames gone) {
        if (names == gone) {
            names = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addNetworkDriver(NetworkDriver driver) {
        networkDrivers.add(driver);
        try {
            networkDriverObservations.put(driver,
                driver.observeNetworkEvents((uri, e) -> networkObservers.accept(UriPasswords.forDisplay(uri), e)));
        } catch (RuntimeException e) {
            LOG.warn("network driver '{}' refused the core's network event observer", driver.name(), e);
        }
        LOG.info("network driver '{}' registered", driver.name());
    }

    /**
     * Removes a network driver. Connections opened before keep the network half they were given
     * (its calls fail once the driver has released its networks); new ones no longer get it.
     */
    public void removeNetworkDriver(NetworkDriver driver) {
        networkDrivers.remove(driver);
        endObservation(networkDriverObservations.remove(driver));
        LOG.info("network driver '{}' unregistered", driver.name());
    }

    /**
     * The connection that answers a new connection's network calls: the driver's own when it
     * implements networks (the test driver), else the network half of the first network driver
     * that serves the URI (libvirt's network driver for qemu:///system), else the driver's own
     * (whose defaults answer NO_SUPPORT).
     */
    /** Whether a connection class implements networks itself: read once per class, not per open. */
    private static final ClassValue<Boolean> HAS_NETWORKS = new ClassValue<>() {
        @Override
        @SuppressWarnings("unchecked")
        protected Boolean computeValue(Class<?> type) {
            return DriverFunctions.implementedBy((Class<? extends DriverConnection>) type).contains("virConnectListAllNetworks");
        }
    };

    private DriverConnection networksFor(DriverEntry e, DriverConnection dc, ConnectRequest request) {
        if (HAS_NETWORKS.get(dc.getClass())) {
            return dc;
        }
        for (NetworkDriver nd : networkDrivers) {
            if (nd.serves(request.uri())) {
                return nd.openNetworks(request);
            }
        }
        return dc;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addStorageDriver(StorageDriver driver) {
        storageDrivers.add(driver);
        try {
            storageDriverObservations.put(driver,
                driver.observeStoragePoolEvents((uri, e) -> storageObservers.accept(UriPasswords.forDisplay(uri), e)));
        } catch (RuntimeException e) {
            LOG.warn("storage driver '{}' refused the core's storage event observer", driver.name(), e);
        }
        LOG.info("storage driver '{}' registered", driver.name());
    }

    /**
     * Removes a storage driver. Connections opened before keep the storage half they were given
     * (its calls fail once the driver has released its pools); new ones no longer get it.
     */
    public void removeStorageDriver(StorageDriver driver) {
        storageDrivers.remove(driver);
        endObservation(storageDriverObservations.remove(driver));
        LOG.info("storage driver '{}' unregistered", driver.name());
    }

    /** Whether a connection class implements storage itself: read once per class, not per open. */
    private static final ClassValue<Boolean> HAS_STORAGE = new ClassValue<>() {
        @Override
        @SuppressWarnings("unchecked")
        protected Boolean computeValue(Class<?> type) {
            return DriverFunctions.implementedBy((Class<? extends DriverConnection>) type).contains("virConnectListAllStoragePools");
        }
    };

    /**
     * The connection that answers a new connection's storage calls, chosen as
     * {@link #networksFor} chooses for networks: the driver's own when it implements storage (the
     * test driver), else the storage half of the first storage driver that serves the URI
     * (libvirt's storage driver for qemu:///system), else the driver's own (NO_SUPPORT).
     */
    private DriverConnection storageFor(DriverConnection dc, ConnectRequest request) {
        if (HAS_STORAGE.get(dc.getClass())) {
            return dc;
        }
        for (StorageDriver sd : storageDrivers) {
            if (sd.serves(request.uri())) {
                return sd.openStorage(request);
            }
        }
        return dc;
    }

    /** Removes a driver; its open connections fail from now on. */
    public void removeDriver(HypervisorDriver driver) {
        Set<ConnectionImpl> open;
        synchronized (membership) {
            drivers.removeIf(e -> e.driver() == driver);
            open = connections.remove(driver);
        }
        endObservation(driver);
        fail(open);
        LOG.info("hypervisor driver '{}' unregistered", driver.name());
    }

    private void endObservation(HypervisorDriver driver) {
        endObservation(observations.remove(driver));
        endObservation(networkObservations.remove(driver));
        endObservation(storageObservations.remove(driver));
    }

    private static void endObservation(AutoCloseable o) {
        if (o != null) {
            try {
                o.close();
            } catch (Exception e) {
                LOG.debug("closing the event observation of a driver", e);
            }
        }
    }

    @Override
    public AutoCloseable addDomainEventObserver(DomainEventObserver observer) {
        return observers.add(observer);
    }

    @Override
    public AutoCloseable addNetworkEventObserver(NetworkEventObserver observer) {
        return networkObservers.add(observer);
    }

    @Override
    public AutoCloseable addStorageEventObserver(StorageEventObserver observer) {
        return storageObservers.add(observer);
    }

    private void driverGone(HypervisorDriver driver) {
        Set<ConnectionImpl> open;
        synchronized (membership) {
            open = connections.remove(driver);
        }
        fail(open);
    }

    private static void fail(Set<ConnectionImpl> open) {
        if (open != null) {
            List<ConnectionImpl> copy;
            synchronized (open) {
                copy = new ArrayList<>(open);
            }
            for (ConnectionImpl c : copy) {
                c.driverGone();
            }
        }
    }

    /**
     * The open connections of one driver, held weakly: a connection nobody closed (a console
     * session that ended) is forgotten when it becomes unreachable, and {@link #cleaner()} then
     * closes its driver side.
     */
    private static Set<ConnectionImpl> newConnectionSet() {
        return java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));
    }

    // ---------- Connector ----------

    @Override
    public Connection open(String uri) {
        ConnectionNames.Target t = named(uri);
        return t != null ? open(t, false, null) : open(resolve(uri), false, ConnectAuth.NONE, null, false);
    }

    @Override
    public Connection openReadOnly(String uri) {
        ConnectionNames.Target t = named(uri);
        return t != null ? open(t, true, null) : open(resolve(uri), true, ConnectAuth.NONE, null, false);
    }

    /**
     * Opens what a named connection names: its URI, with its credentials (unless the caller gave
     * a callback of its own), read-only when either asks for it, with its keepalive.
     */
    public Connection open(ConnectionNames.Target target, boolean readOnly, ConnectAuth auth) {
        ConnectAuth a = auth == null || auth.types().isEmpty() ? target.auth() : auth;
        // the URI is the administrator's (etc/io.jvirt.connection-NAME.cfg), whoever opens it
        return open(target.uri().trim(), readOnly || target.readOnly(), a, target.keepalive(), true);
    }

    /** The named connection {@code uri} names, unless it is no name or a {@code uri.aliases} alias. */
    private ConnectionNames.Target named(String uri) {
        ConnectionNames n = names;
        if (n == null || uri == null || uri.isBlank() || aliases.containsKey(uri.trim())) {
            return null;
        }
        return n.target(uri.trim()).orElse(null);
    }

    @Override
    public Connection openAuth(String uri, ConnectAuth auth, ConnectFlag... flags) {
        java.util.Set<ConnectFlag> set = java.util.EnumSet.noneOf(ConnectFlag.class);
        if (flags != null) {
            java.util.Collections.addAll(set, flags);
        }
        boolean noAliases = set.contains(ConnectFlag.NO_ALIASES) && uri != null && !uri.isBlank();
        ConnectionNames.Target t = noAliases ? null : named(uri);
        if (t != null) {
            return open(t, set.contains(ConnectFlag.READONLY), auth);
        }
        String resolved = noAliases ? uri.trim() : resolve(uri);
        return open(resolved, set.contains(ConnectFlag.READONLY), auth, null, false);
    }

    @Override
    public String defaultUri() {
        String env = System.getenv(ENV_DEFAULT_URI);
        return env != null && !env.isBlank() ? env.trim() : defaultUri;
    }

    @Override
    public List<DriverInfo> drivers() {
        List<DriverInfo> out = new ArrayList<>();
        for (DriverEntry e : drivers) {
            out.add(e.info());
        }
        return out;
    }

    private Connection open(String resolved, boolean readOnly, ConnectAuth auth, ConnectRequest.Keepalive keepalive,
                            boolean administered) {
        UserFiles files = UserFiles.forConnection(readOnly, readOnlyFiles);
        // from here on the URI has no password: drivers never see one, nothing shows one
        ConnectRequest request = new ConnectRequest(parse(resolved), readOnly, auth, files, keepalive, administered);
        String shown = request.uri().toString();
        // two rounds: the drivers that list the scheme, then the fallback ones (libvirt's remote driver comes last)
        List<DriverEntry> order = new ArrayList<>();
        List<DriverEntry> fallbacks = new ArrayList<>();
        for (DriverEntry e : drivers) {
            if (e.mayAccept(request.scheme())) {
                order.add(e);
            } else if (e.isFallback()) {
                fallbacks.add(e);
            }
        }
        order.addAll(fallbacks);
        for (DriverEntry e : order) {
            DriverConnection dc = openWith(e, request);
            if (dc != null) {
                DriverConnection nets;
                DriverConnection store;
                try {
                    nets = networksFor(e, dc, request);
                } catch (RuntimeException ex) {
                    dc.close();
                    throw ex;
                }
                try {
                    store = storageFor(dc, request);
                } catch (RuntimeException ex) {
                    if (nets != dc) {
                        nets.close();
                    }
                    dc.close();
                    throw ex;
                }
                ConnectionImpl c = new ConnectionImpl(this, e, dc, nets, store, readOnly, shown, files);
                boolean present;
                synchronized (membership) {
                    // identity, not equals: a driver removed and added again is a new entry
                    present = drivers.stream().anyMatch(x -> x == e);
                    if (present) {
                        connections.computeIfAbsent(e.driver(), k -> newConnectionSet()).add(c);
                    }
                }
                if (!present) {
                    // the driver went away while it was opening: do not hand out a live connection
                    c.driverGone();
                }
                LOG.debug("opened {} with driver '{}'", shown, e.info().name());
                return c;
            }
        }
        throw new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.NONE, shown);
    }

    private static DriverConnection openWith(DriverEntry e, ConnectRequest request) {
        try {
            return e.driver().open(request);
        } catch (VirtException ex) {
            throw ex;
        } catch (RuntimeException ex) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE,
                "driver '" + e.info().name() + "' failed to open " + request.uri() + ": " + ex, ex);
        }
    }

    String resolve(String uri) {
        if (uri == null || uri.isBlank()) {
            return defaultUri();
        }
        String alias = aliases.get(uri.trim());
        return alias != null ? alias : uri.trim();
    }

    /** The URI without its password ({@link UriPasswords}); errors never quote the password either. */
    private static URI parse(String uri) {
        try {
            URI u = new URI(uri);
            if (u.getScheme() == null) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.URI,
                    "URI '" + UriPasswords.strip(uri) + "' has no scheme");
            }
            return UriPasswords.strip(u);
        } catch (URISyntaxException e) {
            // the reason only: e.getInput() and e.getMessage() quote the whole URI
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.URI,
                "Unable to parse URI " + UriPasswords.strip(uri) + ": " + e.getReason());
        }
    }

    void closed(ConnectionImpl c) {
        Set<ConnectionImpl> open = connections.get(c.entry().driver());
        if (open != null) {
            open.remove(c);
        }
    }

    ExecutorService eventPool() {
        return eventPool;
    }

    java.lang.ref.Cleaner cleaner() {
        return cleaner;
    }
}
