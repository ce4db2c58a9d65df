package io.jvirt.driver.xen;

import java.nio.file.Path;
import java.util.Map;

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
 * The Xen driver service ({@code xen:///system}, libvirt's libxl driver through xl). It always
 * activates: without a usable xl (missing, or {@code xl info} failing: no Xen hypervisor) it logs
 * why, and opening {@code xen:///system} fails with that reason. Otherwise activation loads the
 * driver's state and takes back the domains xl still lists.
 */
@Component(service = HypervisorDriver.class, configurationPid = XenDriver.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
        HypervisorDriver.PROP_NAME + "=xen",
        HypervisorDriver.PROP_SCHEMES + "=xen",
        HypervisorDriver.PROP_STATEFUL + ":Boolean=true"
    })
@Designate(ocd = XenDriver.Config.class)
public final class XenDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.xen";
    private static final Logger LOG = LoggerFactory.getLogger(XenDriver.class);

    @ObjectClassDefinition(name = "jvirt Xen driver")
    public @interface Config {
        @AttributeDefinition(description = "the xl binary; empty: xl on the system PATH")
        String xl_path() default "";

        @AttributeDefinition(description = "directory of the generated xl.cfg files; empty: STATE_DIR/xl")
        String config_dir() default "";

        @AttributeDefinition(description = "state directory; empty: ${karaf.data}/jvirt/xen")
        String state_dir() default "";

        @AttributeDefinition(description = "ms every xl call may take")
        long command_timeout_ms() default 30_000;

        @AttributeDefinition(description = "ms between the xl list calls that find changes made outside the driver")
        long poll_ms() default 1_000;

        @AttributeDefinition(description = "start autostart domains once per host boot")
        boolean autostart() default true;
    }

    private final DomainEventObservers observers = new DomainEventObservers();
    private volatile XenHost host;
    private volatile String problem = "the Xen driver is not active";

    /** For Declarative Services. */
    public XenDriver() {
    }

    /** A driver outside OSGi (tests, embedding), activated at once. */
    XenDriver(XenSettings settings) {
        start(settings);
    }

    @Override
    public AutoCloseable observeDomainEvents(DomainEventObserver observer) {
        return observers.add(observer);
    }

    @Activate
    void activate(Config c) {
        Path state = c.state_dir().isBlank() ? StateStore.defaultRoot("xen") : Path.of(c.state_dir().trim());
        Path cfg = c.config_dir().isBlank() ? state.resolve("xl") : Path.of(c.config_dir().trim());
        Path xl = c.xl_path().isBlank() ? HostPrograms.find("xl").orElse(Path.of("/usr/sbin/xl")) : Path.of(c.xl_path().trim());
        start(new XenSettings(xl, cfg.toAbsolutePath(), state, Math.max(1000, c.command_timeout_ms()), Math.max(50, c.poll_ms()),
            c.autostart()));
    }

    private void start(XenSettings settings) {
        Xl xl = new Xl(settings.xl(), settings.commandTimeoutMs());
        Map<String, String> facts;
        try {
            facts = xl.probe();
        } catch (VirtException e) {
            problem = e.getMessage();
            LOG.warn("Xen driver disabled: {}", problem);
            return;
        }
        XenHost h = new XenHost(settings, xl, facts, observers);
        try {
            h.activate();
        } catch (RuntimeException e) {
            h.close();
            problem = "cannot load the driver's state from " + settings.stateDir() + ": " + e.getMessage();
            LOG.error("Xen driver disabled: {}", problem, e);
            return;
        }
        LOG.info("Xen driver active: xl {}, Xen {}, state in {}", settings.xl(), facts.get("xen_version"), settings.stateDir());
        host = h;
    }

    @Deactivate
    void deactivate() {
        XenHost h = host;
        host = null;
        if (h != null) {
            h.close(); // Xen's domains keep running: the next activation takes them back
        }
    }

    @Override
    public String name() {
        return "xen";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return XenConnection.class;
    }

    /** libxlConnectOpen: xen:/// and xen:///system; xen://HOST/ is the remote driver's. */
    @Override
    public DriverConnection open(ConnectRequest request) {
        if (!"xen".equals(request.scheme())) {
            return null;
        }
        if (request.uri().getHost() != null && !request.uri().getHost().isEmpty()) {
            return null;
        }
        String path = request.path();
        if (!path.isEmpty() && !"/".equals(path) && !"/system".equals(path)) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL,
                "Unexpected Xen URI path '" + path + "', try xen:///system");
        }
        XenHost h = host;
        if (h == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "Xen state driver is not active: " + problem);
        }
        return new XenConnection(h);
    }
}
