package io.jvirt.core.runtime;

import java.util.List;

import io.jvirt.api.Connector;
import io.jvirt.api.DriverInfo;
import io.jvirt.core.runtime.ConnectorImpl;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * Builds a {@link Connector} without OSGi, for embedding jvirt in a plain Java program or a unit
 * test: the same core as the OSGi service, fed with driver instances instead of services.
 */
public final class StandaloneConnector {

    private StandaloneConnector() {
    }

    /**
     * @param defaultUri the URI a null argument to {@code open} stands for (null: test:///default)
     * @param drivers    the drivers, asked in this order
     */
    public static Connector create(String defaultUri, HypervisorDriver... drivers) {
        return create(defaultUri, null, drivers);
    }

    /**
     * @param defaultUri       the URI a null argument to {@code open} stands for (null: test:///default)
     * @param readOnlyFilesDir the only directory whose files read-only connections may name
     *                         ({@code readonly.files.dir}; null: none)
     * @param drivers          the drivers, asked in this order
     * @since 0.4.0
     */
    public static Connector create(String defaultUri, java.nio.file.Path readOnlyFilesDir, HypervisorDriver... drivers) {
        ConnectorImpl c = new ConnectorImpl();
        c.configure(defaultUri, new String[0]);
        c.readOnlyFilesDir(readOnlyFilesDir == null ? null : readOnlyFilesDir.toString());
        for (HypervisorDriver d : drivers) {
            c.addDriver(d, new DriverInfo(d.name(), List.of(), false, -1, "", "", ConnectorImpl.functions(d)));
        }
        return c;
    }

    /**
     * {@link #create(String, HypervisorDriver...)} with network drivers that serve the network calls
     * of the hypervisor drivers' connections.
     *
     * @since 1.1.0
     */
    public static Connector withNetworks(String defaultUri, List<io.jvirt.core.spi.NetworkDriver> networkDrivers,
            HypervisorDriver... drivers) {
        Connector c = create(defaultUri, (java.nio.file.Path) null, drivers);
        networkDrivers.forEach(((ConnectorImpl) c)::addNetworkDriver);
        return c;
    }

    /**
     * {@link #create(String, HypervisorDriver...)} with storage drivers that serve the storage calls
     * of the hypervisor drivers' connections (driver-storage for qemu:///system outside OSGi).
     *
     * @since 1.2.0
     */
    public static Connector withStorage(String defaultUri, List<io.jvirt.core.spi.StorageDriver> storageDrivers,
            HypervisorDriver... drivers) {
        Connector c = create(defaultUri, (java.nio.file.Path) null, drivers);
        storageDrivers.forEach(((ConnectorImpl) c)::addStorageDriver);
        return c;
    }
}
