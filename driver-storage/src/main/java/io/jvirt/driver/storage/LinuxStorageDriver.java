package io.jvirt.driver.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.core.kit.StateStore;
import io.jvirt.core.kit.StorageEventObservers;
import io.jvirt.core.kit.local.HostPrograms;
import io.jvirt.core.kit.storage.StorageHost;
import io.jvirt.core.kit.storage.StoragePoolStore;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.StorageDriver;
import io.jvirt.core.spi.StorageEventObserver;

/**
 * libvirt's storage driver on Linux as a service: it serves the storage calls of the local
 * hypervisor drivers' connections (qemu:///system, lxc:///, ...) with directory and LVM pools
 * ({@link LinuxStorageBackend} under the kit's {@link StorageHost}) and tells them the path of a
 * volume for {@code <disk type='volume'>}. Pools outlive the driver, as they outlive libvirtd:
 * stopping the bundle leaves them as they are; the next start loads the persistent definitions,
 * takes back the pools that ran (those whose storage is still there, refreshed), and starts the
 * autostart ones.
 */
@Component(service = StorageDriver.class, configurationPid = LinuxStorageDriver.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LinuxStorageDriver.Config.class)
public final class LinuxStorageDriver implements StorageDriver {

    static final String PID = "io.jvirt.driver.storage";
    private static final Logger LOG = LoggerFactory.getLogger(LinuxStorageDriver.class);
    /** How long a call waits for another job on the same pool (a clone may copy for long). */
    static final long JOB_TIMEOUT_MS = 60_000;

    @ObjectClassDefinition(name = "jvirt storage driver")
    public @interface Config {
        @AttributeDefinition(description = "state directory; empty: ${karaf.data}/jvirt/storage")
        String state_dir() default "";

        @AttributeDefinition(description = "the qemu-img program; empty: qemu-img in the system directories")
        String qemu_img_path() default "";

        @AttributeDefinition(description = "ms a metadata command (qemu-img info/create/resize, LVM) may take")
        long command_timeout_ms() default StorageTools.QUICK_TIMEOUT_MS;

        @AttributeDefinition(description = "start the autostart pools when the driver starts")
        boolean autostart() default true;

        @AttributeDefinition(description = "the URI schemes of the local drivers whose connections use these pools")
        String[] schemes() default { "qemu", "lxc", "bhyve", "xen" };
    }

    private final StorageEventObservers observers = new StorageEventObservers();
    private StorageSettings settings;
    private StorageHost host;

    /** For OSGi. */
    public LinuxStorageDriver() {
    }

    /** Outside OSGi (tests, embedding). */
    LinuxStorageDriver(StorageSettings settings) {
        start(settings);
    }

    /**
     * The driver outside OSGi (embedding, other modules' tests), serving qemu, lxc, bhyve and xen
     * URIs, with autostart.
     *
     * @param stateDir its state
     */
    public static LinuxStorageDriver embedded(Path stateDir) {
        return new LinuxStorageDriver(new StorageSettings(stateDir, qemuImg(""), StorageTools.QUICK_TIMEOUT_MS, true,
            Set.of("qemu", "lxc", "bhyve", "xen")));
    }

    @Activate
    void activate(Config c) {
        Path state = c.state_dir().isBlank() ? StateStore.defaultRoot("storage") : Path.of(c.state_dir().trim());
        start(new StorageSettings(state, qemuImg(c.qemu_img_path()), c.command_timeout_ms(), c.autostart(),
            new LinkedHashSet<>(Arrays.asList(c.schemes()))));
    }

    private static String qemuImg(String configured) {
        return configured == null || configured.isBlank()
            ? HostPrograms.find("qemu-img").map(Path::toString).orElse("qemu-img")
            : configured.trim();
    }

    private void start(StorageSettings s) {
        this.settings = s;
        StorageTools tools = StorageTools.of(s.qemuImg(), s.commandTimeoutMs(), StorageTools.SLOW_TIMEOUT_MS);
        LinuxStorageBackend backend = new LinuxStorageBackend(tools, s.commandTimeoutMs(),
            new KnownFormats(s.stateDir().resolve("formats")));
        host = new StorageHost(backend, new StoragePoolStore(s.stateDir()), "storage:///system", observers, "storage",
            JOB_TIMEOUT_MS);
        // libvirt's storageStateInitialize: definitions loaded, running pools checked and refreshed
        host.load();
        if (s.autostart()) {
            host.autostartAll();
        }
        LOG.info("storage driver ready: {} pools, state in {}", host.all().size(), s.stateDir());
    }

    @Override
    public String name() {
        return "storage";
    }

    @Override
    public boolean serves(URI uri) {
        return uri.getScheme() != null && settings.schemes().contains(uri.getScheme())
            && (uri.getHost() == null || uri.getHost().isEmpty());
    }

    @Override
    public DriverConnection openStorage(ConnectRequest request) {
        return new LinuxStorageConnection(host);
    }

    @Override
    public Optional<String> volumePath(String pool, String volume) {
        if (host.find(pool) == null) {
            return Optional.empty();
        }
        return Optional.of(host.volumePath(pool, volume));
    }

    @Override
    public AutoCloseable observeStoragePoolEvents(StorageEventObserver observer) {
        return observers.add(observer);
    }

    /** The driver's pools (tests). */
    StorageHost host() {
        return host;
    }
}
