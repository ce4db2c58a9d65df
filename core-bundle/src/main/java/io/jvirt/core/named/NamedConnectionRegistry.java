package io.jvirt.core.named;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ConnectFlag;
import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NamedConnectionInfo;
import io.jvirt.api.NamedConnections;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.ConnectionNames;
import io.jvirt.core.runtime.ConnectorImpl;

/**
 * The named connections of this installation: {@link NamedConnections} for clients (the console),
 * {@link ConnectionNames} for the connector (a name opens its target), and for each configuration
 * an OSGi {@link Connection} service ({@code name}, {@code uri}, {@code readonly}) that gives every
 * bundle its own {@link ConnectionHandle}. Configurations arrive through
 * {@link NamedConnectionComponent} (one per {@code etc/io.jvirt.connection-NAME.cfg}); outside
 * OSGi {@link #add(Map)} does the same.
 */
@Component(service = {NamedConnections.class, ConnectionNames.class, NamedConnectionRegistry.class}, immediate = true)
public final class NamedConnectionRegistry implements NamedConnections, ConnectionNames {

    private static final Logger LOG = LoggerFactory.getLogger(NamedConnectionRegistry.class);

    private final Map<String, ManagedConnection> byName = new ConcurrentHashMap<>();
    private final Function<Target, Connection> opener;
    private final ScheduledThreadPoolExecutor timer;
    private final Clock clock;
    /** The core's connector this registry resolves names for; null outside OSGi. */
    private volatile ConnectorImpl core;
    /** Publishes the Connection services; null outside OSGi. */
    private volatile ConnectionServices services;

    /** The DS constructor: named connections are opened through the core's connector. */
    @Activate
    public NamedConnectionRegistry(@Reference Connector connector, BundleContext context) {
        this(opener(connector), Clock.systemUTC());
        this.services = new ConnectionServices(context);
        if (connector instanceof ConnectorImpl core) {
            // the connector resolves names through this registry from now on (see ConnectorImpl#names)
            this.core = core;
            core.names(this);
        }
    }

    /** Outside OSGi (tests, embedding): {@code connector} opens, nothing is registered as a service. */
    public NamedConnectionRegistry(Connector connector) {
        this(opener(connector), Clock.systemUTC());
    }

    NamedConnectionRegistry(Function<Target, Connection> opener, Clock clock) {
        this.opener = opener;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        // attempts may wait on a network for as long as a driver's connect timeout: a few threads,
        // so that one unreachable host does not hold up the others' reconnects
        this.timer = new ScheduledThreadPoolExecutor(4, r -> {
            Thread t = new Thread(r, "jvirt-named-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer.setKeepAliveTime(30, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
    }

    private static Function<Target, Connection> opener(Connector connector) {
        if (connector instanceof ConnectorImpl core) {
            return t -> core.open(t, false, null);
        }
        // another Connector: no keepalive of our own
        return t -> t.readOnly() ? connector.openAuth(t.uri(), t.auth(), ConnectFlag.READONLY, ConnectFlag.NO_ALIASES)
            : connector.openAuth(t.uri(), t.auth(), ConnectFlag.NO_ALIASES);
    }

    /**
     * Adds the named connection a factory configuration describes and starts connecting; closing
     * the result removes it (a changed configuration is a removal and an addition).
     *
     * @throws VirtException CONF_SYNTAX for a configuration that is not usable (named in the
     *                       message, never quoting a secret); OPERATION_INVALID when the name is taken
     */
    public AutoCloseable add(Map<String, ?> props) {
        NamedConnectionSettings settings = NamedConnectionSettings.from(props);
        ManagedConnection m = new ManagedConnection(settings, opener, timer, clock);
        if (byName.putIfAbsent(settings.name(), m) != null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.CONF,
                "named connection '" + settings.name() + "' is configured twice");
        }
        LOG.info("named connection '{}' added: {}", settings.name(), settings);
        m.start();
        AutoCloseable service = register(m);
        return () -> {
            service.close();
            byName.remove(settings.name(), m);
            m.stop();
        };
    }

    private AutoCloseable register(ManagedConnection m) {
        ConnectionServices s = services;
        return s == null ? () -> { } : s.publish(m);
    }

    @Deactivate
    public void close() {
        ConnectorImpl c = core;
        if (c != null) {
            c.unbindNames(this);
        }
        for (ManagedConnection m : byName.values()) {
            m.stop();
        }
        byName.clear();
        timer.shutdownNow();
    }

    // ---------- NamedConnections ----------

    @Override
    public List<NamedConnectionInfo> list() {
        List<NamedConnectionInfo> out = new ArrayList<>();
        for (ManagedConnection m : byName.values()) {
            out.add(m.info());
        }
        out.sort(Comparator.comparing(NamedConnectionInfo::name));
        return out;
    }

    @Override
    public Optional<NamedConnectionInfo> info(String name) {
        ManagedConnection m = name == null ? null : byName.get(name);
        return m == null ? Optional.empty() : Optional.of(m.info());
    }

    @Override
    public Connection connection(String name) {
        ManagedConnection m = name == null ? null : byName.get(name);
        if (m == null) {
            throw new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.NONE, "no named connection '" + name + "'");
        }
        return m.handle();
    }

    // ---------- ConnectionNames ----------

    @Override
    public Optional<Target> target(String name) {
        ManagedConnection m = byName.get(name);
        return m == null ? Optional.empty() : Optional.of(m.settings().target());
    }
}
