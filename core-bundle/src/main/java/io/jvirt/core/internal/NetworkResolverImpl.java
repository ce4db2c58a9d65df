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

    @Override
    public NetworkBridges bridges() {
        return bridges;
    }
}
