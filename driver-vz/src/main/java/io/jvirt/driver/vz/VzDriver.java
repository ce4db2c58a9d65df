package io.jvirt.driver.vz;

import java.nio.file.Path;
import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.local.HostPrograms;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The Virtuozzo driver service ({@code vz:///system}, and {@code parallels:///system} as libvirt
 * registers the same driver under its old name). Stateless: Virtuozzo holds every definition. The
 * server is probed ({@code prlsrvctl info -j}) when a connection opens, until a probe succeeded,
 * so a Virtuozzo installed after jvirt started is found and a missing one is a clear error at
 * connect.
 */
@Component(service = HypervisorDriver.class, configurationPid = VzDriver.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
        HypervisorDriver.PROP_NAME + "=vz",
        HypervisorDriver.PROP_SCHEMES + "=vz",
        HypervisorDriver.PROP_SCHEMES + "=parallels",
        HypervisorDriver.PROP_STATEFUL + ":Boolean=false"
    })
@Designate(ocd = VzDriver.Config.class)
public final class VzDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.vz";
    private static final Logger LOG = LoggerFactory.getLogger(VzDriver.class);

    @ObjectClassDefinition(name = "jvirt Virtuozzo driver",
        description = "Settings of the Virtuozzo driver (PID io.jvirt.driver.vz)")
    public @interface Config {
        @AttributeDefinition(description = "the prlctl executable; empty: prlctl on the system PATH")
        String prlctl_path() default "";

        @AttributeDefinition(description = "the prlsrvctl executable; empty: prlsrvctl on the system PATH")
        String prlsrvctl_path() default "";

        @AttributeDefinition(description = "ms every prlctl or prlsrvctl call may take")
        long command_timeout_ms() default 120_000;

        @AttributeDefinition(description = "ms between two readings of the environments' states for lifecycle events")
        long event_poll_ms() default 1_000;
    }

    private volatile VzSettings settings;
    private volatile VzHost host;

    /** For Declarative Services. */
    public VzDriver() {
    }

    /** A driver outside OSGi (tests, embedding). */
    VzDriver(VzSettings settings) {
        this.settings = settings;
    }

    @Activate
    @Modified
    void activate(Config c) {
        Path prlctl = program(c.prlctl_path(), "prlctl");
        Path prlsrvctl = program(c.prlsrvctl_path(), "prlsrvctl");
        settings = new VzSettings(prlctl, prlsrvctl, Duration.ofMillis(Math.max(1000, c.command_timeout_ms())),
            Duration.ofMillis(Math.max(50, c.event_poll_ms())));
        host = null;
        LOG.info("Virtuozzo driver: prlctl {}, prlsrvctl {}", prlctl, prlsrvctl);
    }

    private static Path program(String configured, String name) {
        return configured.isBlank() ? HostPrograms.find(name).orElse(Path.of("/usr/bin/" + name)) : Path.of(configured.trim());
    }

    @Override
    public String name() {
        return "vz";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return VzConnection.class;
    }

    /** libvirt's vzConnectOpen: only /system; vz://HOST/ is the remote driver's. */
    @Override
    public DriverConnection open(ConnectRequest request) {
        String scheme = request.scheme();
        if (!"vz".equals(scheme) && !"parallels".equals(scheme)) {
            return null;
        }
        if (request.uri().getHost() != null && !request.uri().getHost().isEmpty()) {
            return null;
        }
        if (!"/system".equals(request.path())) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.PARALLELS,
                "Unexpected Virtuozzo URI path '" + request.path() + "', try vz:///system");
        }
        return new VzConnection(request.uri().toString(), VzConnection.typeOf(scheme), host());
    }

    private VzHost host() {
        VzHost h = host;
        if (h != null) {
            return h;
        }
        VzSettings s = settings;
        if (s == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.PARALLELS, "the Virtuozzo driver is not active");
        }
        for (Path p : new Path[] {s.prlctl(), s.prlsrvctl()}) {
            if (!HostPrograms.isProgram(p)) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.PARALLELS,
                    "Virtuozzo is not available: no " + p.getFileName() + " at " + p + " (set "
                        + p.getFileName() + ".path in " + PID + ")");
            }
        }
        try {
            h = VzHost.probe(s);
        } catch (VirtException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.PARALLELS,
                "Virtuozzo is not available: " + s.prlsrvctl() + " failed: " + e.getMessage(), e);
        }
        LOG.info("Virtuozzo {} through {}", h.version(), s.prlctl());
        host = h;
        return h;
    }
}
