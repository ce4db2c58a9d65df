package io.jvirt.core.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A hypervisor driver, registered as an OSGi service by its bundle (libvirt's
 * {@code virConnectDriver}). The core tracks these services dynamically: a driver bundle that is
 * installed, started, stopped or uninstalled at runtime appears in or disappears from the registry
 * at once.
 *
 * <p>Service properties: {@link #PROP_NAME} (required), {@link #PROP_SCHEMES} (the URI schemes the
 * driver may accept) and {@link #PROP_STATEFUL}.
 */
@ConsumerType
public interface HypervisorDriver {

    /** Service property: the driver's name ("test", "qemu", ...). */
    String PROP_NAME = "jvirt.driver.name";
    /**
     * Service property: the URI schemes the driver may accept, as a String or String[]. An entry
     * {@code *+TRANSPORT} (since 1.3.0) matches every scheme {@code DRIVER+TRANSPORT} with a
     * non-empty driver part and no other '+' ({@code *+unix} matches {@code qemu+unix}), the
     * schemes of libvirt's remote driver. The entry {@link #SCHEME_FALLBACK} (since 1.4.0) makes the
     * driver the last one tried for any scheme.
     */
    String PROP_SCHEMES = "jvirt.driver.schemes";
    /**
     * A {@link #PROP_SCHEMES} entry: the driver is offered every URI that no other driver accepted,
     * after all of them (libvirt registers its remote driver last, and it takes
     * {@code DRIVER://HOST/} that the local drivers declined).
     *
     * @since 1.4.0
     */
    String SCHEME_FALLBACK = "*";
    /** Service property: Boolean, whether the driver keeps domain state itself. */
    String PROP_STATEFUL = "jvirt.driver.stateful";

    /** The driver's name, as in {@link #PROP_NAME}. */
    String name();

    /**
     * Opens a connection for {@code request}, or declines it (libvirt's VIR_DRV_OPEN_DECLINED) by
     * returning null so that the core asks the next driver.
     *
     * @throws io.jvirt.api.VirtException when the URI is this driver's but cannot be opened (no
     *                                    other driver is asked then)
     */
    DriverConnection open(ConnectRequest request);

    /**
     * Hands every lifecycle event of every host this driver runs to {@code observer}, from now on
     * until the result is closed, whether or not a client is connected. The core calls it once per
     * driver service (for its EventAdmin bridge); a driver without host-wide events (a stateless
     * remote driver) keeps the default, which observes nothing.
     *
     * @return closes the observation
     */
    default AutoCloseable observeDomainEvents(DomainEventObserver observer) {
        return () -> { };
    }

    /**
     * Hands every network lifecycle event of every host this driver runs to {@code observer}, as
     * {@link #observeDomainEvents} does for domains; a driver without networks keeps the default.
     *
     * @return closes the observation
     * @since 1.1.0
     */
    default AutoCloseable observeNetworkEvents(NetworkEventObserver observer) {
        return () -> { };
    }

    /**
     * Observes every storage pool event of every host of this driver (for a driver with pools of
     * its own, as the test driver has), as {@link #observeNetworkEvents} does for networks.
     *
     * @return closes the observation
     * @since 1.2.0
     */
    default AutoCloseable observeStoragePoolEvents(StorageEventObserver observer) {
        return () -> { };
    }

    /**
     * The class of the connections {@link #open} returns, from which the core reads which libvirt
     * functions the driver implements (the entry points it overrides) for {@code virt:drivers} and
     * the support matrix; null when the driver does not say.
     */
    default Class<? extends DriverConnection> connectionType() {
        return null;
    }
}
