package io.jvirt.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens connections to hypervisors ({@code virConnectOpen}). In OSGi this is a service; outside
 * OSGi, {@code io.jvirt.core.runtime.StandaloneConnector} builds one from driver instances.
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

    /**
     * Opens a connection whose driver may ask {@code auth} for credentials
     * ({@code virConnectOpenAuth}). Drivers that need credentials take them from the URI and
     * libvirt's auth file first ({@code LIBVIRT_AUTH_FILE}, ...) and ask the callback only for what
     * is still missing; drivers that need none never call it. The callback runs on the calling
     * thread, before this method returns.
     *
     * @param uri   as for {@link #open(String)}
     * @param auth  the credential types the caller can answer and its callback;
     *              {@link ConnectAuth#NONE} (or null) for none
     * @param flags {@link ConnectFlag#READONLY}, {@link ConnectFlag#NO_ALIASES}
     * @return an open connection; never null
     * @throws VirtException as {@link #open(String)}; AUTH_FAILED when a needed credential could not
     *                       be obtained or was refused by the server
     * @since 0.2.0
     */
    Connection openAuth(String uri, ConnectAuth auth, ConnectFlag... flags);

    /** The URI a null argument to {@link #open} stands for. */
    String defaultUri();

    /** The drivers installed now, in the order they are asked to accept a URI. */
    java.util.List<DriverInfo> drivers();
}
