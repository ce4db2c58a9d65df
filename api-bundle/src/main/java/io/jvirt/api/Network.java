package io.jvirt.api;

import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A handle to one virtual network of a {@link Connection} ({@code virNetworkPtr}). The name and
 * UUID are those seen when the handle was obtained; everything else is asked of the driver at each
 * call. A network that no longer exists makes calls fail with NO_NETWORK.
 *
 * <p>Every call that changes the network fails with OPERATION_DENIED on a read-only connection;
 * calls that need a certain state fail with OPERATION_INVALID worded as the driver's libvirt
 * counterpart words it.
 *
 * @since 0.5.0
 */
@ProviderType
public interface Network {

    Connection connection();

    String name();

    UUID uuid();

    /** The UUID in its canonical 36-character form ({@code virNetworkGetUUIDString}). */
    default String uuidString() {
        return uuid().toString();
    }

    /** {@code virNetworkIsActive}. */
    boolean isActive();

    /** {@code virNetworkIsPersistent}: false for a network made by {@link Connection#createNetworkXml}. */
    boolean isPersistent();

    /**
     * The network XML ({@code virNetworkGetXMLDesc}); INACTIVE gives the persistent definition of a
     * running network rather than its live one.
     */
    String xmlDesc(NetworkXmlFlag... flags);

    /**
     * Starts a defined network ({@code virNetworkCreate}).
     *
     * @throws VirtException OPERATION_INVALID when it is running already
     */
    void create();

    /** Stops the network ({@code virNetworkDestroy}); a transient network then disappears. */
    void destroy();

    /** Removes the persistent definition ({@code virNetworkUndefine}). */
    void undefine();

    /** {@code virNetworkGetAutostart}. */
    boolean autostart();

    /** {@code virNetworkSetAutostart}. */
    void setAutostart(boolean autostart);

    /**
     * The name of the host bridge the network's guests are plugged into ({@code virNetworkGetBridgeName}).
     *
     * @throws VirtException INTERNAL_ERROR "network 'x' does not have a bridge name." for a network without one
     */
    String bridgeName();

    /**
     * The DHCP leases the network's DHCP server handed out and which have not expired
     * ({@code virNetworkGetDHCPLeases}), for one MAC address when {@code mac} is not null. A read:
     * allowed on read-only connections.
     *
     * @return a new list, in the driver's order; empty, never null
     */
    List<NetworkDhcpLease> dhcpLeases(String mac);
}
