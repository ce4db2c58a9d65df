package io.jvirt.server;

import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NetworkEventListener;
import io.jvirt.api.Registration;
import io.jvirt.api.StoragePoolEventListener;
import io.jvirt.api.StoragePoolRefreshListener;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.Procedure;
import io.jvirt.core.kit.rpc.Program;
import io.jvirt.core.kit.rpc.ProtocolDescription;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.XdrStruct;

/**
 * Network and storage pool events over the wire, as remote_daemon_dispatch.c relays them: a client
 * registers a callback per event ID (optionally for one object), gets a callback ID, and receives
 * MESSAGE packets (serial 0) whose first field is that ID: NETWORK_EVENT_LIFECYCLE,
 * STORAGE_POOL_EVENT_LIFECYCLE and STORAGE_POOL_EVENT_REFRESH. The callbacks live with the
 * client's other callbacks and go when it closes its connection or disconnects.
 */
final class ObjectEventProcedures {

    /** VIR_NETWORK_EVENT_ID_LIFECYCLE; VIR_NETWORK_EVENT_ID_LAST of libvirt 9.0. */
    static final int NETWORK_EVENT_ID_LIFECYCLE = 0;
    static final int NETWORK_EVENT_ID_LAST = 1;
    /** VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, _REFRESH; VIR_STORAGE_POOL_EVENT_ID_LAST of libvirt 9.0. */
    static final int POOL_EVENT_ID_LIFECYCLE = 0;
    static final int POOL_EVENT_ID_REFRESH = 1;
    static final int POOL_EVENT_ID_LAST = 2;

    private final Program remote = ProtocolDescription.libvirt().program("REMOTE");
    private final Procedure networkLifecycle = remote.procedure("NETWORK_EVENT_LIFECYCLE");
    private final Procedure poolLifecycle = remote.procedure("STORAGE_POOL_EVENT_LIFECYCLE");
    private final Procedure poolRefresh = remote.procedure("STORAGE_POOL_EVENT_REFRESH");

    private ObjectEventProcedures() {
    }

    static void register(RemoteDispatcher d) {
        ObjectEventProcedures p = new ObjectEventProcedures();
        d.read("CONNECT_NETWORK_EVENT_REGISTER_ANY", p::registerNetwork);
        d.read("CONNECT_NETWORK_EVENT_DEREGISTER_ANY", (c, conn, a) -> deregister(c, a, EventCallback.NETWORK));
        d.read("CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY", p::registerPool);
        d.read("CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY", (c, conn, a) -> deregister(c, a, EventCallback.STORAGE_POOL));
    }

    private void push(ClientSession c, Procedure p, XdrStruct msg) {
        c.send(new RpcMessage(remote.message(p), p.encodeArgs(msg)));
    }

    private XdrStruct registerNetwork(ClientSession c, Connection conn, XdrStruct a) {
        int eventId = a.getInt("eventID");
        if (eventId < 0 || eventId >= NETWORK_EVENT_ID_LAST) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "unsupported network event ID " + eventId);
        }
        XdrStruct filter = a.getStruct("net");
        int id = c.nextCallbackId();
        NetworkEventListener l = (cn, n, ev) -> push(c, networkLifecycle, XdrStruct.of("msg", "callbackID", id,
            "net", XdrStruct.of("nonnull_network", "name", ev.name(), "uuid", ev.uuid()),
            "event", ev.type().number(), "detail", ev.detail()));
        Registration reg = filter == null ? conn.addNetworkEventListener(l)
            : conn.addNetworkEventListener(conn.lookupNetworkByUuid(filter.getUuid("uuid")), l);
        EventCallback.add(c, id, EventCallback.NETWORK, reg);
        return XdrStruct.of("ret", "callbackID", id);
    }

    private XdrStruct registerPool(ClientSession c, Connection conn, XdrStruct a) {
        int eventId = a.getInt("eventID");
        if (eventId < 0 || eventId >= POOL_EVENT_ID_LAST) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "unsupported storage pool event ID " + eventId);
        }
        XdrStruct filter = a.getStruct("pool");
        io.jvirt.api.StoragePool only = filter == null ? null : conn.lookupStoragePoolByUuid(filter.getUuid("uuid"));
        int id = c.nextCallbackId();
        Registration reg;
        if (eventId == POOL_EVENT_ID_LIFECYCLE) {
            StoragePoolEventListener l = (cn, p, ev) -> push(c, poolLifecycle, XdrStruct.of("msg", "callbackID", id,
                "pool", XdrStruct.of("nonnull_storage_pool", "name", ev.name(), "uuid", ev.uuid()),
                "event", ev.type().number(), "detail", ev.detail()));
            reg = only == null ? conn.addStoragePoolEventListener(l) : conn.addStoragePoolEventListener(only, l);
        } else {
            StoragePoolRefreshListener l = (cn, p) -> push(c, poolRefresh, XdrStruct.of("msg", "callbackID", id,
                "pool", RemoteDispatcher.pool(p)));
            reg = only == null ? conn.addStoragePoolRefreshListener(l) : conn.addStoragePoolRefreshListener(only, l);
        }
        EventCallback.add(c, id, EventCallback.STORAGE_POOL, reg);
        return XdrStruct.of("ret", "callbackID", id);
    }

    private static XdrStruct deregister(ClientSession c, XdrStruct a, String kind) {
        EventCallback.remove(c, a.getInt("callbackID"), kind);
        return null;
    }
}
