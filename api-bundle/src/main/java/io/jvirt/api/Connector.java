package io.jvirt.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens connections to hypervisors ({@code virConnectOpen}). In OSGi this is a service; outside
 * OSGi, {@code io.jvirt.core.spi.StandaloneConnector} builds one from driver instances.
 *
 * <p>A null URI means the default: the {@code LIBVIRT_DEFAULT_URI} environment variable when set,
 * else {@code default.uri} of the {@code io.jvirt.core} configuration. A URI that matches a
 * configured alias ({@code uri.aliases}, "name=uri" pairs) is replaced by the alias's target.
 */
@ProviderType
public interface Connector {

    /**
     * Opens a read-write connection.
     *
     * @param uri a driver URI such as {@code test:///default}, an alias, or null for the default
     * @return an open connection; never null
     * @throws VirtException NO_CONNECT when no installed driver accepts the URI, INVALID_ARG for a
     *                       URI that does not parse, or the driver's own error when it accepts the URI
     *                       but cannot open it
     */
    Connection open(String uri);

    /**
     * Opens a connection that refuses every change with OPERATION_DENIED
     * ({@code VIR_CONNECT_RO}).
     *
     * @see #open(String)
     */
    Connection openReadOnly(String uri);

    /** The URI a null argument to {@link #open} stands for. */
    String defaultUri();

    /** The drivers installed now, in the order they are asked to accept a URI. */
    java.util.List<DriverInfo> drivers();
}
