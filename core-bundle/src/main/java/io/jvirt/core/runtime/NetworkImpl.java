package io.jvirt.core.runtime;

import java.util.List;

import io.jvirt.api.Flag;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.NetworkXmlFlag;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.NetworkRef;

/**
 * A {@link Network} handle: each call goes through its connection's entry-point skeleton, changes
 * through {@link ConnectionImpl#changeRun} (refused on a read-only connection with libvirt's
 * "read only access prevents virNetworkX", as libvirt-network.c's virCheckReadOnlyGoto does).
 */
final class NetworkImpl extends ObjectHandle<NetworkRef> implements Network {

    NetworkImpl(ConnectionImpl conn, NetworkRef ref) {
        super(conn, ref);
    }

    @Override
    String kind() {
        return "Network";
    }

    private DriverConnection d() {
        return conn.networks();
    }

    @Override
    public boolean isActive() {
        return conn.call(() -> d().networkIsActive(ref));
    }

    @Override
    public boolean isPersistent() {
        return conn.call(() -> d().networkIsPersistent(ref));
    }

    @Override
    public String xmlDesc(NetworkXmlFlag... flags) {
        return conn.call(() -> d().networkXmlDesc(ref, Flag.bits(flags)));
    }

    @Override
    public void create() {
        conn.changeRun("virNetworkCreate", () -> d().networkCreate(ref));
    }

    @Override
    public void destroy() {
        conn.changeRun("virNetworkDestroy", () -> d().networkDestroy(ref));
    }

    @Override
    public void undefine() {
        conn.changeRun("virNetworkUndefine", () -> d().networkUndefine(ref));
    }

    @Override
    public boolean autostart() {
        return conn.call(() -> d().networkAutostart(ref));
    }

    @Override
    public void setAutostart(boolean autostart) {
        conn.changeRun("virNetworkSetAutostart", () -> d().networkSetAutostart(ref, autostart));
    }

    @Override
    public String bridgeName() {
        return conn.call(() -> d().networkBridgeName(ref));
    }

    /** libvirt checks nothing but the handle: a read, allowed on read-only connections. */
    @Override
    public List<NetworkDhcpLease> dhcpLeases(String mac) {
        List<NetworkDhcpLease> leases = conn.call(() -> d().networkDhcpLeases(ref, mac, 0));
        return leases == null ? List.of() : List.copyOf(leases);
    }
}
