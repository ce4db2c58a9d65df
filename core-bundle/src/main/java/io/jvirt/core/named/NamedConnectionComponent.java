package io.jvirt.core.named;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.VirtException;

/**
 * One factory configuration of PID {@code io.jvirt.connection} ({@code etc/io.jvirt.connection-NAME.cfg},
 * as Karaf's fileinstall names them): Declarative Services makes one of these per configuration,
 * and again when a configuration changes (no modified method: a change is a removal and an
 * addition, so a new URI is connected afresh).
 */
@Component(configurationPid = NamedConnectionSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
public final class NamedConnectionComponent {

    private static final Logger LOG = LoggerFactory.getLogger(NamedConnectionComponent.class);

    private final AutoCloseable added;

    @Activate
    public NamedConnectionComponent(@Reference NamedConnectionRegistry registry, Map<String, Object> props) {
        try {
            this.added = registry.add(props);
        } catch (VirtException e) {
            // the message names the key and never quotes a secret
            LOG.error("{}", e.getMessage());
            throw e;
        }
    }

    @Deactivate
    public void deactivate() throws Exception {
        added.close();
    }
}
