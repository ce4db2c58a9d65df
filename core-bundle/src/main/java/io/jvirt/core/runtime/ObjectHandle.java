package io.jvirt.core.runtime;

import java.util.UUID;

import io.jvirt.api.Connection;
import io.jvirt.core.spi.ObjectRef;

/**
 * What the API's handles to named objects share (domains, networks, storage pools): the connection
 * they were looked up on, the driver's ref they pass back in every call, name and UUID from the
 * ref, and identity as libvirt's virDomainPtr/virNetworkPtr/virStoragePoolPtr comparisons have
 * it: same kind, same connection, same UUID.
 */
abstract class ObjectHandle<R extends ObjectRef> {

    final ConnectionImpl conn;
    final R ref;

    ObjectHandle(ConnectionImpl conn, R ref) {
        this.conn = conn;
        this.ref = ref;
    }

    /** The API's name of this kind of object, for {@link #toString()}. */
    abstract String kind();

    public Connection connection() {
        return conn;
    }

    public String name() {
        return ref.name();
    }

    public UUID uuid() {
        return ref.uuid();
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((ObjectHandle<?>) o).conn == conn
            && ((ObjectHandle<?>) o).ref.uuid().equals(ref.uuid());
    }

    @Override
    public final int hashCode() {
        return ref.uuid().hashCode();
    }

    @Override
    public final String toString() {
        return kind() + "[" + ref.name() + ", " + ref.uuid() + "]";
    }
}
