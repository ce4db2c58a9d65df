package io.jvirt.driver.bhyve;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.kit.local.HostPrograms;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DomainEventObserver;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The bhyve driver service ({@code bhyve:///system}, libvirt's bhyve driver). It always activates:
 * without bhyve's programs (missing, or bhyve not answering its probes) it logs why, and opening
 * {@code bhyve:///system} fails with that reason. Otherwise activation probes bhyve's capabilities,
 * loads the driver's state and takes back the VMs whose bhyve still runs.
 */
@Component(service = HypervisorDriver.class, configurationPid = BhyveDriver.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
        HypervisorDriver.PROP_NAME + "=bhyve",
        HypervisorDriver.PROP_SCHEMES + "=bhyve",
        HypervisorDriver.PROP_STATEFUL + ":Boolean=true"
    })
@Designate(ocd = BhyveDriver.Config.class)
public final class BhyveDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.bhyve";
    private static final Logger LOG = LoggerFactory.getLogger(BhyveDriver.class);

    @ObjectClassDefinition(name = "jvirt bhyve driver")
    public @interface Config {
        @AttributeDefinition(description = "the bhyve binary; empty: /usr/sbin/bhyve")
        String bhyve_path() default "";

        @AttributeDefinition(description = "the bhyveload binary; empty: /usr/sbin/bhyveload")
        String bhyveload_path() default "";

        @AttributeDefinition(description = "the bhyvectl binary; empty: /usr/sbin/bhyvectl")
        String bhyvectl_path() default "";

        @AttributeDefinition(description = "the grub-bhyve binary; empty: grub-bhyve in the system directories")
        String grub$_$bhyve_path() default "";

        @AttributeDefinition(description = "state directory; empty: ${karaf.data}/jvirt/bhyve")
        String state_dir() default "";

        @AttributeDefinition(description = "directory of the domain logs; empty: STATE_DIR/log")
        String log_dir() default "";

        @AttributeDefinition(description = "ms every short command (bhyvectl, the probes) may take")
        long command_timeout_ms() default 30_000;

        @AttributeDefinition(description = "ms the loader step of a start may take")
        long loader_timeout_ms() default 300_000;

        @AttributeDefinition(description = "ms a destroyed VM's bhyve may take to exit before it is killed")
        long stop_timeout_ms() default 10_000;

        @AttributeDefinition(description = "start autostart domains once per host boot")
        boolean autostart() default true;

        @AttributeDefinition(description = "a network namespace (e.g. /run/netns/NAME) for the tap devices; empty: the driver's own")
        String network_namespace() default "";

        @AttributeDefinition(description = "where <os firmware='efi'> domains find their UEFI firmware (libvirt's firmware_dir)")
        String firmware_dir() default BhyveFirmware.DEFAULT_DIR;
    }

    private final DomainEventObservers observers = new DomainEventObservers();
    private volatile BhyveHost host;
    private volatile String problem = "the bhyve driver is not active";

    /** For Declarative Services. */
    public BhyveDriver() {
    }

    /** A driver outside OSGi (tests, embedding), activated at once. */
    BhyveDriver(BhyveSettings settings) {
        start(settings);
    }

    @Override
    public AutoCloseable observeDomainEvents(DomainEventObserver observer) {
        return observers.add(observer);
    }

    @Activate
    void activate(Config c) {
        Path state = c.state_dir().isBlank() ? StateStore.defaultRoot("bhyve") : Path.of(c.state_dir().trim());
        Path log = c.log_dir().isBlank() ? state.resolve("log") : Path.of(c.log_dir().trim());
        start(new BhyveSettings(program(c.bhyve_path(), "bhyve"), program(c.bhyveload_path(), "bhyveload"),
            program(c.bhyvectl_path(), "bhyvectl"), program(c.grub$_$bhyve_path(), "grub-bhyve"),
            state.toAbsolutePath(), log.toAbsolutePath(), Math.max(1000, c.command_timeout_ms()), Math.max(1000, c.loader_timeout_ms()),
            Math.max(100, c.stop_timeout_ms()), c.autostart(), c.network_namespace(),
            Path.of(c.firmware_dir().isBlank() ? BhyveFirmware.DEFAULT_DIR : c.firmware_dir().trim())));
    }

    /** The configured path, else the program in the system directories, else FreeBSD's place for it. */
    private static Path program(String configured, String name) {
        if (!configured.isBlank()) {
            return Path.of(configured.trim());
        }
        return HostPrograms.find(name).orElse(Path.of("grub-bhyve".equals(name) ? "/usr/local/sbin" : "/usr/sbin", name));
    }

    private void start(BhyveSettings settings) {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(settings.bhyve(), settings.bhyveload(), settings.bhyvectl())) {
            if (!HostPrograms.isProgram(p)) {
                missing.add(p.toString());
            }
        }
        if (!missing.isEmpty()) {
            problem = "bhyve's programs are missing (no executable " + String.join(", ", missing) + ")";
            LOG.warn("bhyve driver disabled: {}", problem);
            return;
        }
        Set<BhyveCapability> caps;
        try {
            caps = BhyveProbe.probe(settings.bhyve(), settings.commandTimeoutMs());
        } catch (VirtException e) {
            problem = "cannot probe " + settings.bhyve() + ": " + e.getMessage();
            LOG.warn("bhyve driver disabled: {}", problem);
            return;
        }
        BhyveHost h = new BhyveHost(settings, caps, observers);
        try {
            h.activate();
        } catch (RuntimeException e) {
            h.close();
            problem = "cannot load the driver's state from " + settings.stateDir() + ": " + e.getMessage();
            LOG.error("bhyve driver disabled: {}", problem, e);
            return;
        }
        LOG.info("bhyve driver active: {} ({}), state in {}", settings.bhyve(), caps, settings.stateDir());
        host = h;
    }

    @Deactivate
    void deactivate() {
        BhyveHost h = host;
        host = null;
        if (h != null) {
            h.close(); // the VMs keep running: the next activation takes them back
        }
    }

    /** The capabilities bhyve answered (tests). */
    Set<BhyveCapability> capabilities() {
        BhyveHost h = host;
        return h == null ? Set.of() : h.caps;
    }

    @Override
    public String name() {
        return "bhyve";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return BhyveConnection.class;
    }

    /** bhyveConnectOpen: bhyve:///system only; bhyve://HOST/ is the remote driver's. */
    @Override
    public DriverConnection open(ConnectRequest request) {
        if (!"bhyve".equals(request.scheme())) {
            return null;
        }
        if (request.uri().getHost() != null && !request.uri().getHost().isEmpty()) {
            return null;
        }
        if (!"/system".equals(request.path())) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE,
                "Unexpected bhyve URI path '" + request.path() + "', try bhyve:///system");
        }
        BhyveHost h = host;
        if (h == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE, "bhyve state driver is not active: " + problem);
        }
        return new BhyveConnection(h);
    }
}
