package io.jvirt.core.named;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

import io.jvirt.api.Connection;

/**
 * Offers each named connection as an OSGi {@link Connection} service with the properties
 * {@code name}, {@code uri} and {@code readonly}; every bundle that gets it has its own handle
 * (a service factory), released when the bundle ungets it. Kept apart from the registry so that
 * the registry also works without OSGi.
 */
final class ConnectionServices {

    private final BundleContext context;

    ConnectionServices(BundleContext context) {
        this.context = context;
    }

    /** Registers {@code m}; closing the result unregisters it. */
    AutoCloseable publish(ManagedConnection m) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", m.settings().name());
        props.put("uri", m.settings().uri());
        props.put("readonly", m.settings().readOnly());
        ServiceRegistration<Connection> reg = context.registerService(Connection.class, new ServiceFactory<>() {
            @Override
            public Connection getService(Bundle bundle, ServiceRegistration<Connection> registration) {
                return m.handle();
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<Connection> registration, Connection service) {
                service.close();
            }
        }, props);
        return () -> {
            try {
                reg.unregister();
            } catch (IllegalStateException e) {
                // the bundle is stopping: already gone
            }
        };
    }
}
