package io.jvirt.driver.vmware;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.kit.local.HostPrograms;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The VMware desktop driver service (libvirt's vmwareConnectDriver: the schemes vmwareplayer,
 * vmwarews, vmwarefusion, local only, path /session). One {@link VmwareHost} per product, made at
 * the first connection that works (the version probe and a first {@code vmrun list}, as
 * vmwareConnectOpen does), so a VMware installed after jvirt started is found.
 */
@Component(service = HypervisorDriver.class, configurationPid = VmwareDriver.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
        HypervisorDriver.PROP_NAME + "=vmware",
        HypervisorDriver.PROP_SCHEMES + "=vmwareplayer",
        HypervisorDriver.PROP_SCHEMES + "=vmwarews",
        HypervisorDriver.PROP_SCHEMES + "=vmwarefusion",
        HypervisorDriver.PROP_STATEFUL + ":Boolean=false"
    })
@Designate(ocd = VmwareDriver.Config.class)
public final class VmwareDriver implements HypervisorDriver {

    static final String PID = "io.jvirt.driver.vmware";
    private static final Logger LOG = LoggerFactory.getLogger(VmwareDriver.class);

    @ObjectClassDefinition(name = "jvirt VMware desktop driver",
        description = "Settings of the VMware Workstation/Player/Fusion driver (PID io.jvirt.driver.vmware)")
    public @interface Config {
        @AttributeDefinition(description = "the vmrun executable; empty: vmrun on the system PATH")
        String vmrun_path() default "";

        @AttributeDefinition(description = "the program asked '-v' for the version; empty: the product's "
            + "program beside vmrun (vmplayer, vmware or vmware-vmx, as libvirt)")
        String vmware_path() default "";

        @AttributeDefinition(description = "where jvirt keeps the list of defined VMs; empty: the default state directory")
        String state_dir() default "";

        @AttributeDefinition(description = "ms every vmrun call may take")
        long command_timeout_ms() default 30_000;

        @AttributeDefinition(description = "ms vmrun start, stop and reset may take")
        long start_timeout_ms() default 180_000;

        @AttributeDefinition(description = "ms between two readings of vmrun list for lifecycle events")
        long event_poll_ms() default 1_000;
    }

    private volatile VmwareSettings settings;
    private final Map<Product, VmwareHost> hosts = new ConcurrentHashMap<>();

    /** For Declarative Services. */
    public VmwareDriver() {
    }

    /** A driver outside OSGi (tests, embedding). */
    VmwareDriver(VmwareSettings settings) {
        this.settings = settings;
    }

    @Activate
    @Modified
    void activate(Config c) {
        Path vmrun = c.vmrun_path().isBlank() ? findVmrun() : Path.of(c.vmrun_path().trim());
        Path version = c.vmware_path().isBlank() ? null : Path.of(c.vmware_path().trim());
        Path state = c.state_dir().isBlank() ? StateStore.defaultRoot("vmware") : Path.of(c.state_dir().trim());
        settings = new VmwareSettings(vmrun, version, state, Duration.ofMillis(Math.max(1000, c.command_timeout_ms())),
            Duration.ofMillis(Math.max(1000, c.start_timeout_ms())), Duration.ofMillis(Math.max(50, c.event_poll_ms())));
        hosts.clear();
        LOG.info("VMware driver: vmrun {}, state in {}", vmrun, state);
    }

    /** libvirt's vmrun_candidates: vmrun on the PATH, else Fusion's two places. */
    static Path findVmrun() {
        return HostPrograms.find("vmrun").or(() -> FUSION_VMRUN.stream().filter(HostPrograms::isProgram).findFirst())
            .orElse(Path.of("/usr/bin/vmrun"));
    }

    private static final java.util.List<Path> FUSION_VMRUN = java.util.List.of(
        Path.of("/Applications/VMware Fusion.app/Contents/Library/vmrun"),
        Path.of("/Library/Application Support/VMware Fusion/vmrun"));

    @Override
    public String name() {
        return "vmware";
    }

    @Override
    public Class<? extends DriverConnection> connectionType() {
        return VmwareConnection.class;
    }

    /** libvirt's vmwareConnectOpen. */
    @Override
    public DriverConnection open(ConnectRequest request) {
        Product product = Product.ofScheme(request.scheme()).orElse(null);
        if (product == null) {
            return null;
        }
        if (request.uri().getHost() != null && !request.uri().getHost().isEmpty()) {
            return null; // localOnly: a host is the remote driver's
        }
        String path = request.path();
        if (!"/session".equals(path)) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE, "unexpected VMware URI path '"
                + (path == null || path.isEmpty() ? "(null)" : path)
                + "', try vmwareplayer:///session, vmwarews:///session or vmwarefusion:///session");
        }
        return new VmwareConnection(request.uri().toString(), host(product));
    }

    private VmwareHost host(Product product) {
        VmwareHost h = hosts.get(product);
        if (h != null) {
            return h;
        }
        VmwareSettings s = settings;
        if (s == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE, "the VMware driver is not active");
        }
        if (!HostPrograms.isProgram(s.vmrun())) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VMWARE,
                "vmrun utility is missing (no vmrun at " + s.vmrun() + "; set vmrun.path in " + PID + ")");
        }
        synchronized (hosts) {
            h = hosts.get(product);
            if (h == null) {
                h = VmwareHost.probe(s, product);
                LOG.info("VMware {} version {} through {}", product.hostType(), h.version(), s.vmrun());
                hosts.put(product, h);
            }
            return h;
        }
    }
}
