package io.jvirt.driver.network;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.network.NetworkDef;
import io.jvirt.api.network.NetworkXml;
import io.jvirt.core.kit.NetworkEventObservers;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.kit.net.NetworkHost;
import io.jvirt.core.kit.net.NetworkObject;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.NetworkDriver;
import io.jvirt.core.spi.NetworkEventObserver;

/**
 * libvirt's bridge network driver on Linux as a service: it serves the network calls of the local
 * hypervisor drivers' connections (qemu:///system, lxc:///, ...) and tells them the bridge of an
 * active network for {@code <interface type='network'>}. Networks outlive the driver, as they
 * outlive libvirtd: stopping the bundle leaves them running, and the next start finds each again
 * (bridge and dnsmasq checked, not restarted; a vanished dnsmasq or firewall table put back).
 */
@Component(service = NetworkDriver.class, configurationPid = LinuxNetworkDriver.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LinuxNetworkDriver.Config.class)
public final class LinuxNetworkDriver implements NetworkDriver {

    static final String PID = "io.jvirt.driver.network";
    private static final Logger LOG = LoggerFactory.getLogger(LinuxNetworkDriver.class);
    static final long JOB_TIMEOUT_MS = 60_000;

    @ObjectClassDefinition(name = "jvirt network driver")
    public @interface Config {
        @AttributeDefinition(description = "state directory; empty: ${karaf.data}/jvirt/network")
        String state_dir() default "";

        @AttributeDefinition(description = "dnsmasq's files; empty: STATE_DIR/run")
        String run_dir() default "";

        @AttributeDefinition(description = "a network namespace (e.g. /run/netns/NAME) for bridges and dnsmasq; it must be the"
                + " QEMU and LXC drivers' one too; empty: the driver's own")
        String network_namespace() default "";

        @AttributeDefinition(description = "the dnsmasq program; empty: dnsmasq in the system directories")
        String dnsmasq_path() default "";

        @AttributeDefinition(description = "ms every host command may take")
        long command_timeout_ms() default 30_000;

        @AttributeDefinition(description = "start the autostart networks when the driver starts")
        boolean autostart() default true;

        @AttributeDefinition(description = "the URI schemes of the local drivers whose connections use these networks")
        String[] schemes() default { "qemu", "lxc", "bhyve", "xen" };
    }

    private final NetworkEventObservers observers = new NetworkEventObservers();
    private NetworkSettings settings;
    private NetworkHost host;
    private LinuxNetworkBackend backend;

    /** For OSGi. */
    public LinuxNetworkDriver() {
    }

    /** Outside OSGi (tests, embedding). */
    LinuxNetworkDriver(NetworkSettings settings) {
        start(settings);
    }

    /**
     * The driver outside OSGi (embedding, other modules' tests), serving qemu, lxc, bhyve and xen
     * URIs, with autostart.
     *
     * @param stateDir its state (dnsmasq's files under STATE_DIR/run)
     * @param netns    the network namespace of its bridges and dnsmasq (/run/netns/NAME), or null
     */
    public static LinuxNetworkDriver embedded(Path stateDir, String netns) {
        String dnsmasq = io.jvirt.core.kit.local.HostPrograms.find("dnsmasq").map(Path::toString).orElse("dnsmasq");
        return new LinuxNetworkDriver(new NetworkSettings(stateDir, stateDir.resolve("run"), netns, dnsmasq, 30_000, true,
                Set.of("qemu", "lxc", "bhyve", "xen")));
    }

    /** Stops every running network (an embedding application shutting its networks down, tests). */
    public void stopAllNetworks() {
        host.stopAll();
    }

    @Activate
    void activate(Config c) {
        Path state = c.state_dir().isBlank() ? StateStore.defaultRoot("network") : Path.of(c.state_dir().trim());
        String dnsmasq = c.dnsmasq_path().isBlank()
                ? io.jvirt.core.kit.local.HostPrograms.find("dnsmasq").map(Path::toString).orElse("dnsmasq")
                : c.dnsmasq_path().trim();
        start(new NetworkSettings(state, c.run_dir().isBlank() ? state.resolve("run") : Path.of(c.run_dir().trim()),
                c.network_namespace().isBlank() ? null : c.network_namespace().trim(), dnsmasq, c.command_timeout_ms(),
                c.autostart(), new LinkedHashSet<>(Arrays.asList(c.schemes()))));
    }

    private void start(NetworkSettings s) {
        this.settings = s;
        HostNet net = new HostNet(s.netnsPrefix(), s.commandTimeoutMs());
        StateStore store = new StateStore(s.stateDir());
        NetworkPlumbing plumbing = new NetworkPlumbing(net, s.runDir(), s.dnsmasq());
        backend = new LinuxNetworkBackend(store, plumbing, new BridgeDevice(net));
        host = new NetworkHost(backend, "network:///system", observers, NetworkHost.Rules.NETWORK_DRIVER, JOB_TIMEOUT_MS);
        restore(store, plumbing);
        if (s.autostart()) {
            host.autostartAll();
        }
        LOG.info("network driver ready: {} networks, state in {}", host.all().size(), s.stateDir());
    }

    /** Takes back the persistent networks and the ones that ran before the driver (re)started. */
    private void restore(StateStore store, NetworkPlumbing plumbing) {
        Map<String, String> configs = store.loadConfigs();
        Set<String> autostart = store.autostartNames();
        Set<String> seen = new LinkedHashSet<>();
        for (Path status : statusFiles(store)) {
            String name = status.getFileName().toString().replaceFirst("\\.xml$", "");
            try {
                NetworkDef live = NetworkXml.parse(Files.readString(status));
                NetworkPlumbing.Running r = plumbing.recover(live, live.bridge().name());
                NetworkDef persistent = configs.containsKey(name) ? NetworkXml.parse(configs.get(name)) : null;
                if (r == null) {
                    LOG.info("network '{}' is no longer running", name);
                    Files.deleteIfExists(status);
                    if (persistent != null) {
                        host.restore(persistent, null, autostart.contains(name));
                    }
                } else {
                    backend.adopt(live, r);
                    host.restore(persistent, live, autostart.contains(name));
                    LOG.info("network '{}' is running (bridge {}, dnsmasq pid {})", name, r.bridge(), r.dnsmasqPid());
                }
                seen.add(name);
            } catch (IOException | VirtException e) {
                LOG.warn("cannot take back network '{}' from {}: {}", name, status, e.getMessage());
            }
        }
        for (Map.Entry<String, String> e : configs.entrySet()) {
            if (seen.contains(e.getKey())) {
                continue;
            }
            try {
                host.restore(NetworkXml.parse(e.getValue()), null, autostart.contains(e.getKey()));
            } catch (VirtException ex) {
                LOG.warn("cannot load network '{}': {}", e.getKey(), ex.getMessage());
            }
        }
    }

    private static java.util.List<Path> statusFiles(StateStore store) {
        if (!Files.isDirectory(store.statusDir())) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(store.statusDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", store.statusDir(), e.getMessage());
            return java.util.List.of();
        }
    }

    @Override
    public String name() {
        return "network";
    }

    @Override
    public boolean serves(URI uri) {
        return uri.getScheme() != null && settings.schemes().contains(uri.getScheme())
                && (uri.getHost() == null || uri.getHost().isEmpty());
    }

    @Override
    public DriverConnection openNetworks(ConnectRequest request) {
        return new LinuxNetworkConnection(host);
    }

    @Override
    public Optional<String> activeBridge(String name) {
        NetworkObject o = host.find(name);
        if (o == null) {
            return Optional.empty();
        }
        if (!o.isActive()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "network '" + name + "' is not active");
        }
        String bridge = o.def().bridge().name();
        if (bridge == null) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK, "network '" + name + "' uses forward mode '"
                    + o.def().forwardMode().xml() + "', whose guests jvirt's drivers cannot attach yet");
        }
        return Optional.of(bridge);
    }

    @Override
    public AutoCloseable observeNetworkEvents(NetworkEventObserver observer) {
        return observers.add(observer);
    }

    /** What a running network holds on the host (tests). */
    NetworkPlumbing.Running backendRunning(String name) {
        return backend.running(name);
    }

    /** The driver's networks (tests). */
    NetworkHost host() {
        return host;
    }
}
