package io.jvirt.driver.vbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * The VirtualBox driver service ({@code vbox:///session}; {@code vbox:///system} when jvirt runs as
 * root, as libvirt's vboxConnectOpen). Stateless: VirtualBox holds every definition, jvirt keeps
 * nothing on disk. VBoxManage is probed when a connection opens (until a probe succeeded), so a
 * VirtualBox installed after jvirt started is found, and a missing one is a clear error at connect.
 */
@Component(service = HypervisorDriver.class, configurationPid = VboxDriver.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
        HypervisorDriver.PROP_NAME + "=vbox",
        HypervisorDriver.PROP_SCHEMES + "=vbox",
        HypervisorDriver.PROP_STATEFUL + ":Boolean=false"
    })
@Designate(ocd = VboxDriver.Config.class)
public final class VboxDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.vbox";
    private static final Logger LOG = LoggerFactory.getLogger(VboxDriver.class);

    @ObjectClassDefinition(name = "jvirt VirtualBox driver",
        description = "Settings of the VirtualBox driver (PID io.jvirt.driver.vbox)")
    public @interface Config {
        @AttributeDefinition(description = "the VBoxManage executable; empty: VBoxManage on the system PATH")
        String vboxmanage_path() default "";

        @AttributeDefinition(description = "ms every VBoxManage call may take")
        long command_timeout_ms() default 30_000;

        @AttributeDefinition(description = "ms startvm and savestate may take (they wait for VirtualBox's progress)")
        long start_timeout_ms() default 120_000;

        @AttributeDefinition(description = "ms between two readings of the machines' states for lifecycle events")
        long event_poll_ms() default 1_000;
    }

    private volatile VboxSettings settings;
    private volatile VboxHost host;
    private final boolean privileged;

    /** For Declarative Services. */
    public VboxDriver() {
        this.privileged = runsAsRoot();
    }

    /** A driver outside OSGi (tests, embedding). */
    VboxDriver(VboxSettings settings, boolean privileged) {
        this.settings = settings;
        this.privileged = privileged;
    }

    @Activate
    @Modified
    void activate(Config c) {
        Path program = c.vboxmanage_path().isBlank()
            ? HostPrograms.find("VBoxManage").orElse(Path.of("/usr/bin/VBoxManage")) : Path.of(c.vboxmanage_path().trim());
        settings = new VboxSettings(program, Duration.ofMillis(Math.max(1000, c.command_timeout_ms())),
            Duration.ofMillis(Math.max(1000, c.start_timeout_ms())), Duration.ofMillis(Math.max(50, c.event_poll_ms())));
        host = null;
        LOG.info("VirtualBox driver: VBoxManage {}", program);
    }

    @Override
    public String name() {
        return "vbox";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return VboxConnection.class;
    }

    /** libvirt's vboxConnectOpen: vbox:///session, and vbox:///system as root; vbox://HOST/ is the remote driver's. */
    @Override
    public DriverConnection open(ConnectRequest request) {
        if (!"vbox".equals(request.scheme())) {
            return null;
        }
        if (request.uri().getHost() != null && !request.uri().getHost().isEmpty()) {
            return null;
        }
        String path = request.path();
        boolean ok = privileged ? path.equals("/system") || path.equals("/session") : path.equals("/session");
        if (!ok) {
            String tryPath = privileged ? "system" : "session";
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VBOX,
                "unexpected vbox URI path '" + path + "', try vbox:///" + tryPath);
        }
        return new VboxConnection(request.uri().toString(), host());
    }

    private VboxHost host() {
        VboxHost h = host;
        if (h != null) {
            return h;
        }
        VboxSettings s = settings;
        if (s == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VBOX, "the VirtualBox driver is not active");
        }
        if (!HostPrograms.isProgram(s.vboxManage())) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VBOX,
                "VirtualBox is not available: no VBoxManage at " + s.vboxManage()
                    + " (set vboxmanage.path in " + PID + ")");
        }
        try {
            h = VboxHost.probe(s);
        } catch (VirtException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VBOX,
                "VirtualBox is not available: " + s.vboxManage() + " failed: " + e.getMessage(), e);
        }
        LOG.info("VirtualBox {} through {}", h.version(), s.vboxManage());
        host = h;
        return h;
    }

    /** Whether the JVM runs as root (effective uid 0, from /proc/self/status). */
    static boolean runsAsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0");
                }
            }
        } catch (IOException e) {
            // not Linux: fall back to the name
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
