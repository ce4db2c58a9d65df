package io.jvirt.core.kit.net;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.NetworkEvent;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.NetworkRef;

/**
 * A driver connection whose network entry points are its {@link NetworkHost}'s: a driver
 * connection class implements this and names its host; every network call of the SPI then follows
 * libvirt's semantics without a line of its own.
 *
 * @since 1.3.0
 */
public interface NetworkHostConnection extends DriverConnection {

    /** The networks this connection serves. */
    NetworkHost networkHost();

    @Override
    default List<NetworkRef> listAllNetworks(int flags) {
        return networkHost().listAllNetworks(flags);
    }

    @Override
    default int numOfNetworks() {
        return networkHost().numOfNetworks();
    }

    @Override
    default int numOfDefinedNetworks() {
        return networkHost().numOfDefinedNetworks();
    }

    @Override
    default NetworkRef networkLookupByName(String name) {
        return networkHost().lookupByName(name);
    }

    @Override
    default NetworkRef networkLookupByUuid(UUID uuid) {
        return networkHost().lookupByUuid(uuid);
    }

    @Override
    default NetworkRef networkDefineXml(String xml, int flags) {
        return networkHost().defineXml(xml, flags);
    }

    @Override
    default NetworkRef networkCreateXml(String xml, int flags) {
        return networkHost().createXml(xml, flags);
    }

    @Override
    default AutoCloseable subscribeNetworkEvents(Consumer<NetworkEvent> sink) {
        return networkHost().subscribeEvents(sink);
    }

    @Override
    default boolean networkIsActive(NetworkRef net) {
        return networkHost().isActive(net);
    }

    @Override
    default boolean networkIsPersistent(NetworkRef net) {
        return networkHost().isPersistent(net);
    }

    @Override
    default String networkXmlDesc(NetworkRef net, int flags) {
        return networkHost().xmlDesc(net, flags);
    }

    @Override
    default void networkCreate(NetworkRef net) {
        networkHost().create(net);
    }

    @Override
    default void networkDestroy(NetworkRef net) {
        networkHost().destroy(net);
    }

    @Override
    default void networkUndefine(NetworkRef net) {
        networkHost().undefine(net);
    }

    @Override
    default boolean networkAutostart(NetworkRef net) {
        return networkHost().autostart(net);
    }

    @Override
    default void networkSetAutostart(NetworkRef net, boolean autostart) {
        networkHost().setAutostart(net, autostart);
    }

    @Override
    default String networkBridgeName(NetworkRef net) {
        return networkHost().bridgeName(net);
    }

    @Override
    default List<NetworkDhcpLease> networkDhcpLeases(NetworkRef net, String mac, int flags) {
        return networkHost().dhcpLeases(net, mac, flags);
    }
}
