package io.jvirt.core.spi;

import java.net.URI;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver of virtual networks that serves the network calls of other drivers' connections, as
 * libvirt's network driver (src/network/bridge_driver.c) serves those of qemu:///system, lxc:///
 * and the other local hypervisor drivers: a connection whose own driver implements no network entry
 * point takes them from the network driver that {@link #serves} its URI. Registered as an OSGi
 * service; the core tracks it dynamically.
 *
 * @since 1.1.0
 */
@ConsumerType
public interface NetworkDriver {

    /** The driver's name ("network"). */
    String name();

    /** Whether connections to {@code uri} (a hypervisor driver's URI, without password) use this driver's networks. */
    boolean serves(URI uri);

    /**
     * The network half of a connection: a {@link DriverConnection} whose network entry points are
     * this driver's (its other entry points keep their NO_SUPPORT defaults). Closed with the
     * connection.
     */
    DriverConnection openNetworks(ConnectRequest request);

    /**
     * For {@code <interface type='network'>} of the drivers it serves: the bridge of network
     * {@code name} when it is active; empty when this driver has no network of that name.
     *
     * @throws io.jvirt.api.VirtException OPERATION_INVALID ("network 'NAME' is not active") when
     *                                    the driver has the network but it is not running
     */
    Optional<String> activeBridge(String name);

    /**
     * Observes every network event of this driver (the core's EventAdmin bridge), as
     * {@link HypervisorDriver#observeNetworkEvents} does for a hypervisor driver's own networks.
     *
     * @return closes the observation
     */
    default AutoCloseable observeNetworkEvents(NetworkEventObserver observer) {
        return () -> { };
    }
}
