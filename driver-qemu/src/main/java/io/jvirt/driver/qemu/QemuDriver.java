package io.jvirt.driver.qemu;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.BackgroundActivation;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.NetworkResolver;
import io.jvirt.core.kit.StorageVolumes;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainEventObserver;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The QEMU driver service: {@code qemu:///system} and {@code qemu:///session}, each a
 * {@link QemuHost} with its own state root. Activation loads the state of both and reconnects to
 * the guests still running, without needing a QEMU binary (a machine without QEMU still activates
 * the driver; opening a connection then fails naming the missing emulator). Immediate, so that
 * guests are found again and autostart runs when the container starts, not at the first open.
 * Under DS that load runs on a thread of its own ({@link BackgroundActivation}), so the container's
 * other bundles start beside it; {@link #open} waits for it, so a connection sees the same driver.
 * Deactivation closes
 * the monitors and leaves the guests running. A configuration change re-activates the component
 * (no {@code @Modified}), which is exactly a driver restart.
 */
@Component(service = HypervisorDriver.class, configurationPid = "io.jvirt.driver.qemu", immediate = true,
    configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
        HypervisorDriver.PROP_NAME + "=qemu",
        HypervisorDriver.PROP_SCHEMES + "=qemu",
        HypervisorDriver.PROP_STATEFUL + ":Boolean=true"
    })
@Designate(ocd = QemuDriverConfig.class)
public final class QemuDriver implements HypervisorDriver {

    /** Both hosts' events, for the core's observers (EventAdmin); outlives reconfigurations. */
    private final DomainEventObservers observers = new DomainEventObservers();
    private static final Logger LOG = LoggerFactory.getLogger(QemuDriver.class);

    private final Map<String, QemuHost> hosts = new LinkedHashMap<>();
    private QemuSettings settings;
    /**
     * The DS activation's load (every config and status file, the guests' reconnects, autostart),
     * run beside the start of the container's other bundles; {@link #open} and deactivation wait for it.
     */
    private volatile BackgroundActivation loading = BackgroundActivation.DONE;
    /** The core's network names (static: the core updates it in place, the driver never restarts for it). */
    @Reference
    private NetworkResolver networks;
    /** The storage drivers' volumes, for {@code <disk type='volume'>} (the core's service, static as the networks'). */
    @Reference
    private StorageVolumes volumes;

    /** For DS. */
    public QemuDriver() {
    }

    /** Without OSGi (tests, embedding), without networks: activated at once with {@code settings}. */
    QemuDriver(QemuSettings settings) {
        this(settings, NetworkResolver.NONE);
    }

    /** Without OSGi (tests, embedding): activated at once with {@code settings}. */
    QemuDriver(QemuSettings settings, NetworkResolver networks) {
        this(settings, networks, StorageVolumes.NONE);
    }

    /** Without OSGi (tests, embedding), with networks and storage volumes: activated at once with {@code settings}. */
    QemuDriver(QemuSettings settings, NetworkResolver networks, StorageVolumes volumes) {
        this.networks = networks;
        this.volumes = volumes;
        init(settings);
    }

    /**
     * Without OSGi (embedding, the benchmark harness): a driver activated at once with the default
     * settings and its state under {@code stateRoot} ({@code system/} and {@code session/} below it),
     * for {@code StandaloneConnector.create}. {@link #stop()} is its deactivation.
     */
    public static QemuDriver standalone(Path stateRoot) {
        return new QemuDriver(QemuSettings.defaults(stateRoot));
    }

    /** Deactivates a {@link #standalone} driver: monitors closed, guests left running. */
    public void stop() {
        deactivate();
    }

    @Override
    public AutoCloseable observeDomainEvents(DomainEventObserver observer) {
        return observers.add(observer);
    }

    @Activate
    void activate(QemuDriverConfig c) {
        Path root = QemuSettings.defaultRoot();
        QemuSettings s = new QemuSettings(c.emulator(),
            c.system_state_dir().isBlank() ? root.resolve("system") : Path.of(c.system_state_dir()),
            c.session_state_dir().isBlank() ? root.resolve("session") : Path.of(c.session_state_dir()),
            c.monitor_timeout_ms(), c.command_timeout_ms(), c.destroy_timeout_ms(), c.probe_timeout_ms(), c.autostart(),
            c.network_namespace(), c.user_network());
        loading = BackgroundActivation.start("jvirt-qemu-activation", () -> init(s));
    }

    private synchronized void init(QemuSettings s) {
        this.settings = s;
        // both hosts are loaded before either is used; each loads all its files before reconnecting
        hosts.put("system", new QemuHost("system", s.systemRoot(), s, networks, volumes, observers));
        hosts.put("session", new QemuHost("session", s.sessionRoot(), s, networks, volumes, observers));
        for (QemuHost h : hosts.values()) {
            try {
                h.start();
            } catch (RuntimeException e) {
                LOG.error("{}: cannot load the driver state: {}", h.uri, e.toString(), e);
            }
        }
    }

    @Deactivate
    void deactivate() {
        loading.awaitQuietly(); // outside the lock: the load holds it until done
        synchronized (this) {
            for (QemuHost h : hosts.values()) {
                h.close();
            }
            hosts.clear();
        }
    }

    /** One of the two hosts ("system", "session"), null when inactive; for tests in this package. */
    QemuHost host(String which) {
        loading.await(ErrorDomain.QEMU);
        synchronized (this) {
            return hosts.get(which);
        }
    }

    @Override
    public String name() {
        return "qemu";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return QemuConnection.class;
    }

    @Override
    public DriverConnection open(ConnectRequest request) {
        if (!"qemu".equals(request.scheme())) {
            return null;
        }
        if (request.uri().getHost() != null && !request.uri().getHost().isEmpty()) {
            return null; // qemu://HOST/ is the remote driver's in libvirt; jvirt has none
        }
        String path = request.path();
        String which = switch (path) {
            case "/system" -> "system";
            case "/session" -> "session";
            default -> throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                "Unexpected QEMU URI path '" + path + "', try qemu:///system or qemu:///session");
        };
        loading.await(ErrorDomain.QEMU); // a connection opened during the load finds it done
        QemuHost host;
        QemuSettings s;
        synchronized (this) {
            host = hosts.get(which);
            s = settings;
        }
        if (host == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU, "the QEMU driver is not active");
        }
        return new QemuConnection(host, s.findEmulator());
    }
}
