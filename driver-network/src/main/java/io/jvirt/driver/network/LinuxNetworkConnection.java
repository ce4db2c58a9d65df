package io.jvirt.driver.network;

import io.jvirt.core.kit.net.NetworkHost;
import io.jvirt.core.kit.net.NetworkHostConnection;

/**
 * The network half of a qemu:///system, lxc:/// ... connection: every network entry point is the
 * driver's {@link NetworkHost}'s; closing it releases nothing (the networks are the driver's).
 */
final class LinuxNetworkConnection implements NetworkHostConnection {

    private final NetworkHost host;

    LinuxNetworkConnection(NetworkHost host) {
        this.host = host;
    }

    @Override
    public NetworkHost networkHost() {
        return host;
    }

    /** Never shown: the connection's own driver answers virConnectGetType. */
    @Override
    public String type() {
        return "network";
    }

    @Override
    public void close() {
    }
}
