package io.jvirt.driver.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.jvirt.core.kit.rpc.RpcClient;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.spi.DriverConnection;

/**
 * What every part of a remote connection's driver table shares: the client, and one call by
 * procedure name whose argument structure is the protocol description's ({@code NAME_args}), so
 * that each entry point is one line naming libvirt's procedure and its fields. The table is split
 * by object kind (networks, storage, domain tuning and checkpoints, domains) into classes that extend one another, ending in
 * {@link RemoteConnection}.
 */
abstract class RemoteCalls implements DriverConnection {

    final RpcClient client;
    final String uri;
    /** Whether the far side has the event-callback feature (libvirt 1.2.1 and later). */
    final boolean eventCallbacks;
    private final List<RemoteCallbacks<?>> callbackKinds = new ArrayList<>();

    RemoteCalls(RpcClient client, String uri, boolean eventCallbacks) {
        this.client = client;
        this.uri = uri;
        this.eventCallbacks = eventCallbacks;
    }

    /** Calls {@code procedure} with its {@code _args} structure made of these fields (none: void). */
    final XdrStruct call(String procedure, Object... namesAndValues) {
        XdrStruct args = namesAndValues.length == 0 ? null
            : XdrStruct.of(procedure.toLowerCase(Locale.ROOT) + "_args", namesAndValues);
        return client.call(procedure, args);
    }

    /** A table of event callbacks of one kind, deregistered when the connection closes. */
    final <E> RemoteCallbacks<E> callbacks(String registerProcedure, String deregisterProcedure, String objectField) {
        RemoteCallbacks<E> c = new RemoteCallbacks<>(registerProcedure, deregisterProcedure, objectField);
        callbackKinds.add(c);
        return c;
    }

    /**
     * Subscribes {@code sink} to {@code eventIds} of {@code table} (for every object); NO_SUPPORT
     * names {@code function} when the far side has no event callbacks.
     */
    final <E> AutoCloseable register(RemoteCallbacks<E> table, String function, java.util.function.Consumer<E> sink,
                                     int... eventIds) {
        if (!eventCallbacks) {
            throw DriverConnection.unsupported(function);
        }
        return table.add(this, sink, eventIds);
    }

    /** Forgets every event callback of this connection, which is closing (the far side drops them with it). */
    final void forgetCallbacks() {
        for (RemoteCallbacks<?> c : callbackKinds) {
            c.forgetAll();
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    /** remoteConnectIsAlive: the socket is still open. */
    @Override
    public boolean isAlive() {
        return client.isOpen();
    }
}
