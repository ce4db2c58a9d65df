package io.jvirt.core.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.core.kit.NetworkBridges;
import io.jvirt.core.kit.NetworkResolver;

/**
 * The {@link NetworkResolver} service: PID {@code io.jvirt.network} read into a
 * {@link NetworkBridges} snapshot, replaced on every configuration change ({@code @Modified}, so the
 * service and the drivers holding it stay as they are). Without a configuration there are no networks.
 */
@Component(service = NetworkResolver.class, configurationPid = NetworkBridges.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NetworkConfiguration.class)
public class NetworkResolverImpl implements NetworkResolver {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkResolverImpl.class);

    private volatile NetworkBridges bridges = NetworkBridges.NONE;

    @Activate
    @Modified
    void configure(Map<String, Object> properties) {
        bridges = NetworkBridges.parse(properties);
        LOG.info("{}", bridges);
    }

    /** The network drivers' networks come first (libvirt's network driver), the configured names after. */
    private final java.util.concurrent.CopyOnWriteArrayList<io.jvirt.core.spi.NetworkDriver> networkDrivers =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.MULTIPLE,
        policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    void addNetworkDriver(io.jvirt.core.spi.NetworkDriver driver) {
        networkDrivers.add(driver);
    }

    void removeNetworkDriver(io.jvirt.core.spi.NetworkDriver driver) {
        networkDrivers.remove(driver);
    }

    @Override
    public NetworkBridges bridges() {
        if (networkDrivers.isEmpty()) {
            return bridges;
        }
        return bridges.withManaged(name -> {
            for (io.jvirt.core.spi.NetworkDriver d : networkDrivers) {
                java.util.Optional<String> b = d.activeBridge(name);
                if (b.isPresent()) {
                    return b;
                }
            }
            return java.util.Optional.empty();
        });
    }
}
