package io.jvirt.core.kit.net;

import java.util.UUID;

import io.jvirt.api.network.NetworkDef;
import io.jvirt.core.kit.KitObject;

/**
 * One network of a {@link NetworkHost}, as libvirt's virNetworkObj: its definition, the definition
 * it runs with while active (and the one a redefinition of an active network will take at the next
 * start), whether it is active, persistent and autostarted. Fields change only under the object's
 * job; readers see a consistent value of each through volatile reads.
 *
 * @since 1.3.0
 */
public final class NetworkObject extends KitObject {

    private volatile NetworkDef def;
    private volatile NetworkDef nextDef;
    private volatile boolean active;
    private volatile boolean persistent;
    private volatile boolean autostart;

    NetworkObject(UUID uuid, NetworkDef def) {
        super(uuid);
        this.def = def;
    }

    @Override
    public String name() {
        return def.name();
    }

    /** The definition it runs with while active, else its persistent one. */
    public NetworkDef def() {
        return def;
    }

    /** The persistent definition: the one waiting for the next start while active, else {@link #def()}. */
    public NetworkDef persistentDef() {
        NetworkDef n = nextDef;
        return n != null ? n : def;
    }

    public boolean isActive() {
        return active;
    }

    public boolean isPersistent() {
        return persistent;
    }

    public boolean isAutostart() {
        return autostart;
    }

    void def(NetworkDef d) {
        def = d;
    }

    void nextDef(NetworkDef d) {
        nextDef = d;
    }

    NetworkDef nextDef() {
        return nextDef;
    }

    void active(boolean a) {
        active = a;
    }

    void persistent(boolean p) {
        persistent = p;
    }

    void autostart(boolean a) {
        autostart = a;
    }
}
