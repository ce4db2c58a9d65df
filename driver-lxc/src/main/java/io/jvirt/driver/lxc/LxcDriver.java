package io.jvirt.driver.lxc;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.BackgroundActivation;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.NetworkResolver;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainEventObserver;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The LXC driver service ({@code lxc:///}). It always activates: on a host where containers cannot
 * run (not root, util-linux missing, no cgroup controllers) it logs why, and opening
 * {@code lxc:///} fails with that reason. Otherwise activation loads the driver's state and
 * reconnects to the containers that survived the previous driver instance. Under DS that work runs on
 * a thread of its own ({@link BackgroundActivation}: the container's other bundles start beside it);
 * {@link #open} waits for it, so a connection sees the same driver.
 */
@Component(service = HypervisorDriver.class, configurationPid = LxcDriver.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
        HypervisorDriver.PROP_NAME + "=lxc",
        HypervisorDriver.PROP_SCHEMES + "=lxc",
        HypervisorDriver.PROP_STATEFUL + ":Boolean=true"
    })
@Designate(ocd = LxcDriver.Config.class)
public final class LxcDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.lxc";
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Logger LOG = LoggerFactory.getLogger(LxcDriver.class);

    @ObjectClassDefinition(name = "jvirt LXC driver")
    public @interface Config {
        @AttributeDefinition(description = "state directory; empty: ${karaf.data}/jvirt/lxc")
        String state_dir() default "";

        @AttributeDefinition(description = "directory under each cgroup hierarchy holding the containers")
        String cgroup_parent() default "jvirt-lxc";

        @AttributeDefinition(description = "ms a start waits for each step of the container's launch")
        long start_timeout_ms() default 10_000;

        @AttributeDefinition(description = "ms a shutdown waits for init to exit after SIGTERM")
        long shutdown_timeout_ms() default 30_000;

        @AttributeDefinition(description = "ms a destroy waits for the container's processes to die")
        long destroy_timeout_ms() default 10_000;

        @AttributeDefinition(description = "start autostart domains once per host boot")
        boolean autostart() default true;

        @AttributeDefinition(description = "bytes at which a container's output file (domain log, file console) is rotated")
        long log_max_bytes() default LxcSettings.LOG_MAX_BYTES;

        @AttributeDefinition(description = "restarts a container may make of itself within reboot.interval.ms before it is shut off")
        int reboot_limit() default LxcSettings.REBOOT_LIMIT;

        @AttributeDefinition(description = "ms over which reboot.limit counts a container's own restarts")
        long reboot_interval_ms() default LxcSettings.REBOOT_INTERVAL_MS;

        @AttributeDefinition(description = "a network namespace (e.g. /run/netns/NAME) for the host ends of the containers' veth pairs and their bridges; empty: the driver's own")
        String network_namespace() default "";
    }

    /** The host's events, for the core's observers (EventAdmin); outlives reactivations. */
    private final DomainEventObservers observers = new DomainEventObservers();
    private volatile LxcHost host;
    private volatile String problem = "the LXC driver is not active";
    /**
     * The DS activation's work (probing the host's programs with ldd, the cgroup mounts, loading the
     * state, reconnecting the containers), run beside the start of the container's other bundles;
     * {@link #open} and deactivation wait for it.
     */
    private volatile BackgroundActivation starting = BackgroundActivation.DONE;
    /** The core's network names (static: the core updates it in place, the driver never restarts for it). */
    @Reference
    private NetworkResolver networks;

    /** For Declarative Services. */
    public LxcDriver() {
    }

    /** A driver outside OSGi (tests, embedding) without networks, activated at once. */
    LxcDriver(LxcSettings settings) {
        this(settings, NetworkResolver.NONE);
    }

    /** A driver outside OSGi (tests, embedding), activated at once. */
    LxcDriver(LxcSettings settings, NetworkResolver networks) {
        this(settings, MOUNTINFO, networks);
    }

    /** Test seam: a driver that reads the cgroup mounts from {@code mountinfo}. */
    LxcDriver(LxcSettings settings, Path mountinfo, NetworkResolver networks) {
        this.networks = networks;
        start(settings, mountinfo);
    }

    @Override
    public AutoCloseable observeDomainEvents(DomainEventObserver observer) {
        return observers.add(observer);
    }

    @Activate
    void activate(Config c) {
        Path dir = c.state_dir().isBlank() ? StateStore.defaultRoot("lxc") : Path.of(c.state_dir().trim());
        LxcSettings settings = new LxcSettings(dir, c.cgroup_parent(), c.start_timeout_ms(), c.shutdown_timeout_ms(),
            c.destroy_timeout_ms(), c.autostart(), Math.max(4096, c.log_max_bytes()), Math.max(0, c.reboot_limit()),
            Math.max(0, c.reboot_interval_ms()), c.network_namespace().isBlank() ? null : c.network_namespace().trim());
        starting = BackgroundActivation.start("jvirt-lxc-activation", () -> start(settings, MOUNTINFO));
    }

    private void start(LxcSettings settings, Path mountinfo) {
        HostTools tools = HostTools.detect();
        String why = tools.problem();
        CgroupLayout layout = CgroupLayout.detect(mountinfo, settings.cgroupParent());
        if (why == null) {
            why = layout.problem();
        }
        if (why != null) {
            problem = why;
            LOG.warn("LXC driver disabled: {}", why);
            return;
        }
        LxcHost h = new LxcHost(settings, tools, layout, networks, observers);
        try {
            h.activate();
        } catch (RuntimeException e) {
            h.close();
            problem = "cannot load the driver's state from " + settings.stateDir() + ": " + e.getMessage();
            LOG.error("LXC driver disabled: {}", problem, e);
            return;
        }
        LOG.info("LXC driver active: state in {}, {}", settings.stateDir(), layout);
        host = h;
    }

    @Deactivate
    void deactivate() {
        starting.awaitQuietly();
        LxcHost h = host;
        host = null;
        if (h != null) {
            h.close(); // containers keep running: the next activation reconnects to them
        }
    }

    @Override
    public String name() {
        return "lxc";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return LxcConnection.class;
    }

    @Override
    public DriverConnection open(ConnectRequest request) {
        if (!"lxc".equals(request.scheme())) {
            return null;
        }
        if (request.uri().getHost() != null && !request.uri().getHost().isEmpty()) {
            return null; // lxc://HOST/ is the remote driver's in libvirt
        }
        String path = request.path();
        if (!path.isEmpty() && !"/".equals(path) && !"/system".equals(path)) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LXC,
                "unexpected lxc URI path '" + path + "', try lxc:///system");
        }
        starting.await(ErrorDomain.LXC); // a connection opened during activation finds it done
        LxcHost h = host;
        if (h == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LXC, "lxc state driver is not active: " + problem);
        }
        return new LxcConnection(h);
    }
}
