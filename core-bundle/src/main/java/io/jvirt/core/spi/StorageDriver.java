package io.jvirt.core.spi;

import java.net.URI;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver of storage pools and volumes that serves the storage calls of other drivers'
 * connections, as libvirt's storage driver (src/storage/storage_driver.c) serves those of
 * qemu:///system, lxc:/// and the other local hypervisor drivers: a connection whose own driver
 * implements no storage entry point takes them from the storage driver that {@link #serves} its
 * URI. Registered as an OSGi service; the core tracks it dynamically.
 *
 * @since 1.2.0
 */
@ConsumerType
public interface StorageDriver {

    /** The driver's name ("storage"). */
    String name();

    /** Whether connections to {@code uri} (a hypervisor driver's URI, without password) use this driver's pools. */
    boolean serves(URI uri);

    /**
     * The storage half of a connection: a {@link DriverConnection} whose storage entry points are
     * this driver's (its other entry points keep their NO_SUPPORT defaults). Closed with the
     * connection.
     */
    DriverConnection openStorage(ConnectRequest request);

    /**
     * For {@code <disk type='volume'><source pool='P' volume='V'/>} of the drivers it serves: the
     * host path of volume {@code volume} of pool {@code pool}; empty when this driver has no pool of
     * that name.
     *
     * @throws io.jvirt.api.VirtException CONFIG_UNSUPPORTED "storage pool 'P' containing volume 'V'
     *                                    is not active", NO_STORAGE_VOL for a missing volume
     */
    default Optional<String> volumePath(String pool, String volume) {
        return Optional.empty();
    }

    /**
     * Observes every pool event of this driver (the core's EventAdmin bridge), as
     * {@link HypervisorDriver#observeStoragePoolEvents} does for a hypervisor driver's own pools.
     *
     * @return closes the observation
     */
    default AutoCloseable observeStoragePoolEvents(StorageEventObserver observer) {
        return () -> { };
    }
}
