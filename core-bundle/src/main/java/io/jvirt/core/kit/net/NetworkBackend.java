package io.jvirt.core.kit.net;

import java.util.Collection;
import java.util.List;

import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.network.NetworkDef;

/**
 * What a {@link NetworkHost} leaves to its driver: what starting and stopping a network does, where
 * definitions are kept, and what a definition must hold before the driver takes it. Every method
 * has the do-nothing answer of a driver whose networks live only in memory (the test driver's).
 *
 * @since 1.3.0
 */
public interface NetworkBackend {

    /**
     * Checks and completes a definition about to be defined or created (libvirt's network driver
     * gives a bridge name here, and refuses what it cannot run); {@code others} are the other
     * networks' definitions.
     */
    default NetworkDef prepare(NetworkDef def, Collection<NetworkDef> others) {
        return def;
    }

    /** Makes the network on the host; on failure nothing of it is left and the error says why. */
    default void start(NetworkDef def) {
    }

    /** Undoes {@link #start}. */
    default void stop(NetworkDef def) {
    }

    /** The network's DHCP leases (only called while it is active). */
    default List<NetworkDhcpLease> leases(NetworkDef def) {
        return List.of();
    }

    /** Keeps a persistent definition (written atomically). */
    default void saveConfig(NetworkDef def) {
    }

    /** Forgets a persistent definition and its autostart mark. */
    default void deleteConfig(NetworkDef def) {
    }

    default void saveAutostart(NetworkDef def, boolean autostart) {
    }

    /** Records that a network runs with this definition (so that a restarted driver finds it). */
    default void saveStatus(NetworkDef live) {
    }

    default void deleteStatus(NetworkDef live) {
    }
}
